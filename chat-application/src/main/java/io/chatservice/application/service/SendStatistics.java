package io.chatservice.application.service;

/**
 * What the send combiner has done since start-up, for measurements: {@code sends / batches} is the average
 * batch size.
 *
 * @param batches transactions the combiner ran for a batch (a batch of one included), fallbacks not counted
 * @param sends sends that went through those batches
 * @param fallbacks batches whose transaction failed, so that their sends were retried one by one
 */
public record SendStatistics(long batches, long sends, long fallbacks) {

    public double averageBatchSize() {
        return batches == 0 ? 0 : (double) sends / batches;
    }
}

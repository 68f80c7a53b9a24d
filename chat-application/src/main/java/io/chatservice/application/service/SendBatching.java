package io.chatservice.application.service;

/**
 * How {@link MessageService} commits sends: one transaction per send, or concurrent sends combined into one
 * transaction (group commit, see docs/adr/0011-group-commit-send-path.md).
 *
 * @param enabled whether concurrent sends are combined; when off every send has its own transaction
 * @param maxBatchSize the most sends one transaction takes; what waits beyond it goes into the next one
 */
public record SendBatching(boolean enabled, int maxBatchSize) {

    /** Beyond this a batch is one very long transaction holding its rooms' locks for nothing gained. */
    public static final int MAX_BATCH_SIZE_LIMIT = 1_000;

    public SendBatching {
        if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE_LIMIT) {
            throw new IllegalArgumentException(
                    "send batch max size must be between 1 and " + MAX_BATCH_SIZE_LIMIT + ", was " + maxBatchSize);
        }
    }

    /** One transaction per send, as before group commit. */
    public static SendBatching off() {
        return new SendBatching(false, 1);
    }

    public static SendBatching upTo(int maxBatchSize) {
        return new SendBatching(true, maxBatchSize);
    }
}

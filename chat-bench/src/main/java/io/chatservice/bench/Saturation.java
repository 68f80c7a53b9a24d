package io.chatservice.bench;

/** The verdict on one step of --saturate: did the server keep up with this rate? */
final class Saturation {

    static final String SUSTAINED = "sustained";

    /** Acks within the step must cover this share of the step's sends; the rest may be the last few in flight. */
    static final double MIN_ACK_SHARE = 0.95;

    private Saturation() {}

    static String judge(long sends, long acks, long errors, double ackP99Ms, long maxP99Ms) {
        if (errors > 0) {
            return "errors (" + errors + ")";
        }
        if (sends == 0) {
            return "no sends (the tool could not pace this rate)";
        }
        if (acks < MIN_ACK_SHARE * sends) {
            return "acks fell behind (%d of %d)".formatted(acks, sends);
        }
        if (ackP99Ms > maxP99Ms) {
            return "ack p99 %.1f ms over %d ms".formatted(ackP99Ms, maxP99Ms);
        }
        return SUSTAINED;
    }
}

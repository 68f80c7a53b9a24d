package io.chatservice.adapter.in.ws;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A STOMP frame this adapter writes itself, encoded once (UTF-8) and shared by every session it goes to: a room
 * event reaches each of its subscribers as the same object, and a delivery only appends the headers that differ
 * per subscriber ({@code subscription} and {@code message-id}) to the parts built here. Encoding it per subscriber
 * (a header map, a Spring message and Spring's STOMP encoder for each) was most of the cost of a delivery.
 *
 * <p>The text is what Spring's {@code StompEncoder} writes for the same frame, header order aside: header values
 * escaped as STOMP 1.2 requires, a {@code content-length} (UTF-8 bytes of the body) on MESSAGE frames, a NUL at
 * the end.
 */
final class OutboundFrame {

    /** What the per-delivery headers add besides the ids themselves: names, separators, the message-id counter. */
    private static final int PER_DELIVERY_HEADER_BYTES = 48;

    private final @Nullable String destination;
    /** Command and the headers common to every delivery, each line ending with a newline; UTF-8. */
    private final byte[] head;
    /** The blank line, the body and the NUL; UTF-8. */
    private final byte[] tail;
    private final boolean perSubscription;
    private final int bytes;

    private OutboundFrame(@Nullable String destination, String head, byte[] tail, boolean perSubscription) {
        this.destination = destination;
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.tail = tail;
        this.perSubscription = perSubscription;
        this.bytes = this.head.length + this.tail.length;
    }

    /** A MESSAGE with a JSON body, to be sent to one or more subscriptions of {@code destination}. */
    static OutboundFrame message(String destination, String json) {
        return message(destination, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The same from the JSON's UTF-8 bytes (a room event as it comes from Redis), which are not decoded. */
    static OutboundFrame message(String destination, byte[] json) {
        String head = "MESSAGE\ndestination:" + escape(destination) + "\ncontent-type:application/json\ncontent-length:"
                + json.length + "\n";
        byte[] tail = new byte[json.length + 2];
        tail[0] = '\n';
        System.arraycopy(json, 0, tail, 1, json.length);
        tail[tail.length - 1] = 0;
        return new OutboundFrame(destination, head, tail, true);
    }

    static OutboundFrame receipt(String receiptId) {
        return new OutboundFrame(null, "RECEIPT\nreceipt-id:" + escape(receiptId) + "\n", new byte[] {'\n', 0}, false);
    }

    /** True for a MESSAGE: each delivery names its subscription and gets its own message-id. */
    boolean perSubscription() {
        return perSubscription;
    }

    /** The destination of a MESSAGE; null for other frames. */
    @Nullable String destination() {
        return destination;
    }

    /** The body as text: what lies between the blank line and the NUL. */
    String body() {
        return new String(tail, 1, tail.length - 2, StandardCharsets.UTF_8);
    }

    /**
     * At least the UTF-8 bytes of one delivery of this frame to {@code subscriptionId} in session {@code sessionId}:
     * exact for the shared parts, an upper bound for the ids (3 bytes a character).
     */
    long deliveryBytes(@Nullable String subscriptionId, String sessionId) {
        if (!perSubscription || subscriptionId == null) {
            return bytes;
        }
        return bytes + 3L * (subscriptionId.length() + sessionId.length()) + PER_DELIVERY_HEADER_BYTES;
    }

    /** Appends one delivery's bytes; {@code subscriptionId} and the message-id only for a MESSAGE. */
    void appendTo(FrameBytes out, @Nullable String subscriptionId, String sessionId, long messageId) {
        out.append(head);
        if (perSubscription && subscriptionId != null) {
            out.append("subscription:");
            out.append(escape(subscriptionId));
            out.append("\nmessage-id:");
            out.append(escape(sessionId));
            out.append("-");
            out.append(messageId);
            out.append("\n");
        }
        out.append(tail);
    }

    /** STOMP 1.2 header escaping; every frame here is escaped (only CONNECT and CONNECTED are not). */
    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case ':' -> escaped.append("\\c");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

package io.chatservice.adapter.in.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of one outgoing WebSocket text message, put together from frames already encoded
 * ({@link OutboundFrame}) and the few per-delivery headers. A growable array, like a {@code ByteArrayOutputStream}
 * without its locks and copies.
 */
final class FrameBytes {

    private byte[] bytes;
    private int size;

    FrameBytes(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    void append(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, size, encoded.length);
        size += encoded.length;
    }

    /** Appends {@code text} as UTF-8; ASCII, what headers nearly always are, without an intermediate array. */
    void append(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                append(text.getBytes(StandardCharsets.UTF_8)); // over the ASCII prefix written so far
                return;
            }
            bytes[size + i] = (byte) c;
        }
        size += length;
    }

    void append(long number) {
        append(Long.toString(number));
    }

    int size() {
        return size;
    }

    /** A view of the bytes so far (no copy); valid until the next append. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}

package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameBytesTest {

    @Test
    void textIsAppendedAsUtf8AndTheBufferGrowsAsNeeded() {
        FrameBytes bytes = new FrameBytes(0);
        String expected = "subscription:" + "abc\u00e9\u20ac\ud83d\ude00" + "-" + 42 + "x".repeat(100);

        bytes.append("subscription:");
        bytes.append("abc\u00e9\u20ac\ud83d\ude00"); // ASCII first, then not: the prefix is written over
        bytes.append("-");
        bytes.append(42);
        bytes.append("x".repeat(100).getBytes(StandardCharsets.US_ASCII));

        byte[] utf8 = expected.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.size()).isEqualTo(utf8.length);
        ByteBuffer buffer = bytes.buffer();
        byte[] written = new byte[buffer.remaining()];
        buffer.get(written);
        assertThat(written).isEqualTo(utf8);
        assertThat(bytes.toString()).isEqualTo(expected);
    }
}

package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8BodyAdviceTest {

    @Test
    void wellFormedUtf8IsAcceptedWhateverItsCharacters() {
        String text = "{\"content\":\"\uD83D\uDC69\u200D\uD83D\uDCBB \u05E9\u05DC\u05D5\u05DD e\u0301 \uDBFF\uDFFF\"}";

        assertThat(StrictUtf8BodyAdvice.isUtf8(text.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(StrictUtf8BodyAdvice.isUtf8(new byte[0])).isTrue();
    }

    @Test
    void sequencesRfc3629ForbidsAreRefusedThoughJacksonWouldDecodeThem() {
        byte[][] invalid = {
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x81, (byte) 0x81},
            {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82},
        };
        for (byte[] bytes : invalid) {
            assertThat(StrictUtf8BodyAdvice.isUtf8(bytes)).as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isFalse();
        }
    }

    @Test
    void nulBytesAreRefusedSoThatUtf16IsNotGuessed() {
        assertThat(StrictUtf8BodyAdvice.isUtf8("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE))).isFalse();
        assertThat(StrictUtf8BodyAdvice.isUtf8(new byte[] {'a', 0, 'b'})).isFalse();
    }
}

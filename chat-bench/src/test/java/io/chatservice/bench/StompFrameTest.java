package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StompFrameTest {

    @Test
    void sendFrameIsEncodedWithEscapedHeadersAndANulTerminator() {
        String wire = StompFrame.of("SEND", "destination", "/app/rooms/r:1/messages", "content-type", "application/json")
                .withBody("{\"clientMsgId\":\"c-1\"}")
                .encode();

        assertThat(wire).isEqualTo("SEND\ndestination:/app/rooms/r\\c1/messages\ncontent-type:application/json\n\n"
                + "{\"clientMsgId\":\"c-1\"}\0");
    }

    @Test
    void connectHeadersAreNotEscapedSoTheBearerTokenGoesOutVerbatim() {
        String wire = StompFrame.of("CONNECT", "accept-version", "1.2", "Authorization", "Bearer a:b").encode();

        assertThat(wire).contains("Authorization:Bearer a:b\n");
    }

    @Test
    void aFrameSplitOverSeveralPartsIsDecodedOnceComplete() {
        StompFrame.Decoder decoder = new StompFrame.Decoder();

        assertThat(decoder.feed("MESSAGE\ndestination:/topic/rooms/r-1\nsubscr")).isEmpty();
        List<StompFrame> frames = decoder.feed("iption:sub-1\n\n{\"seq\":1}\0");

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.command()).isEqualTo("MESSAGE");
            assertThat(frame.header("subscription")).isEqualTo("sub-1");
            assertThat(frame.body()).isEqualTo("{\"seq\":1}");
        });
    }

    @Test
    void heartBeatsBetweenFramesAreCountedAndSkipped() {
        StompFrame.Decoder decoder = new StompFrame.Decoder();

        List<StompFrame> frames = decoder.feed("\n\nRECEIPT\nreceipt-id:r-1\n\n\0\nMESSAGE\nx:a\\cb\n\nbody\0\n");

        assertThat(frames).extracting(StompFrame::command).containsExactly("RECEIPT", "MESSAGE");
        assertThat(frames.get(1).header("x")).isEqualTo("a:b");
        assertThat(decoder.heartbeats()).isEqualTo(4);
    }

    @Test
    void aRepeatedHeaderKeepsItsFirstValue() {
        List<StompFrame> frames = new StompFrame.Decoder().feed("MESSAGE\nfoo:first\nfoo:second\n\n\0");

        assertThat(frames.getFirst().header("foo")).isEqualTo("first");
    }

    @Test
    void aHeaderLineWithoutAColonIsRefused() {
        assertThatThrownBy(() -> new StompFrame.Decoder().feed("MESSAGE\nnot-a-header\n\n\0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not-a-header");
    }
}

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

    @Test
    void severalFramesInOneWebSocketMessageAreAllDecodedInOrder() {
        // A server that coalesces a session's frames sends them in one message, NUL after NUL, with heart-beat
        // EOLs (LF or CRLF) allowed between them.
        StompFrame.Decoder decoder = new StompFrame.Decoder();
        String message = frame("sub-1", "{\"seq\":1}") + frame("sub-1", "{\"seq\":2}") + "\n"
                + "RECEIPT\nreceipt-id:r-sub-3\n\n\0" + "\r\n" + frame("sub-2", "{\"seq\":3}");

        List<StompFrame> frames = decoder.feed(message);

        assertThat(frames).extracting(StompFrame::command).containsExactly("MESSAGE", "MESSAGE", "RECEIPT", "MESSAGE");
        assertThat(frames).extracting(StompFrame::body)
                .containsExactly("{\"seq\":1}", "{\"seq\":2}", "", "{\"seq\":3}");
        assertThat(frames.get(3).header("subscription")).isEqualTo("sub-2");
        assertThat(frames.get(2).header("receipt-id")).isEqualTo("r-sub-3");
        assertThat(decoder.heartbeats()).isEqualTo(2);
        assertThat(decoder.pendingLength()).isZero();
    }

    @Test
    void aFrameSplitAtEveryPossiblePointIsDecodedExactlyOnce() {
        // last=false fragments may cut anywhere: inside a header, between the two EOLs before the body, just
        // before the NUL. Every cut must yield the same frame, once, after its last part.
        String whole = frame("sub-1", "{\"seq\":7,\"content\":\"a\\\"b\"}");
        for (int cut = 1; cut < whole.length(); cut++) {
            StompFrame.Decoder decoder = new StompFrame.Decoder();

            List<StompFrame> first = decoder.feed(whole.substring(0, cut));
            List<StompFrame> second = decoder.feed(whole.substring(cut));

            assertThat(first).as("cut at %d", cut).isEmpty();
            assertThat(second).as("cut at %d", cut).singleElement().satisfies(frame -> {
                assertThat(frame.command()).isEqualTo("MESSAGE");
                assertThat(frame.header("destination")).isEqualTo("/topic/rooms/r-1");
                assertThat(frame.body()).isEqualTo("{\"seq\":7,\"content\":\"a\\\"b\"}");
            });
            assertThat(decoder.pendingLength()).isZero();
        }
    }

    @Test
    void aMessageMayEndOneFrameCarryAnotherAndStartAThird() {
        StompFrame.Decoder decoder = new StompFrame.Decoder();
        String one = frame("sub-1", "{\"seq\":1}");
        String two = frame("sub-1", "{\"seq\":2}");
        String three = frame("sub-1", "{\"seq\":3}");
        String stream = one + "\n" + two + three;
        int firstCut = one.length() / 2;
        int secondCut = one.length() + 1 + two.length() + 5;

        List<StompFrame> frames = new java.util.ArrayList<>();
        frames.addAll(decoder.feed(stream.substring(0, firstCut)));
        frames.addAll(decoder.feed(stream.substring(firstCut, secondCut)));
        assertThat(frames).extracting(StompFrame::body).containsExactly("{\"seq\":1}", "{\"seq\":2}");
        assertThat(decoder.pendingLength()).isEqualTo(5);
        frames.addAll(decoder.feed(stream.substring(secondCut)));

        assertThat(frames).extracting(StompFrame::body).containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}");
        assertThat(decoder.heartbeats()).isEqualTo(1);
    }

    @Test
    void crlfLineEndingsAndAnEscapedHeaderAreRead() {
        List<StompFrame> frames = new StompFrame.Decoder()
                .feed("MESSAGE\r\ndestination:/topic/rooms/r\\c1\r\nmessage-id:a\\\\b\r\n\r\nbody\0");

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.header("destination")).isEqualTo("/topic/rooms/r:1");
            assertThat(frame.header("message-id")).isEqualTo("a\\b");
            assertThat(frame.body()).isEqualTo("body");
        });
    }

    private static String frame(String subscription, String body) {
        return "MESSAGE\ndestination:/topic/rooms/r-1\ncontent-type:application/json\nsubscription:" + subscription
                + "\nmessage-id:m-" + body.hashCode() + "\ncontent-length:" + body.length() + "\n\n" + body + "\0";
    }
}

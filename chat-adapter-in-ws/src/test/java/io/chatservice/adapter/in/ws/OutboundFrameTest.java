package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;

class OutboundFrameTest {

    private static List<Message<byte[]>> decode(String text) {
        return new StompDecoder().decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMessageDecodesAsSpringWouldHaveEncodedIt() {
        String json = "{\"content\":\"h\u00e9llo \u20ac \ud83d\ude00\"}";
        FrameBytes text = new FrameBytes(0);

        OutboundFrame.message("/topic/rooms/r-1", json).appendTo(text, "sub:1\\x", "s\n1", 7);

        Message<byte[]> decoded = decode(text.toString()).getFirst();
        StompHeaderAccessor headers = StompHeaderAccessor.wrap(decoded);
        assertThat(headers.getCommand()).isEqualTo(StompCommand.MESSAGE);
        assertThat(headers.getDestination()).isEqualTo("/topic/rooms/r-1");
        assertThat(headers.getSubscriptionId()).isEqualTo("sub:1\\x");
        assertThat(headers.getMessageId()).isEqualTo("s\n1-7");
        assertThat(headers.getContentType().toString()).isEqualTo("application/json");
        assertThat(headers.getContentLength()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
        assertThat(new String(decoded.getPayload(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void aDeliveryIsCountedForAtLeastItsEncodedBytes() {
        OutboundFrame frame = OutboundFrame.message("/topic/rooms/r-1", "{\"c\":\"\u20ac\u20ac\"}");
        FrameBytes text = new FrameBytes(0);
        frame.appendTo(text, "s\u00e9b", "session-1", 123_456_789);

        assertThat(frame.deliveryBytes("s\u00e9b", "session-1"))
                .isGreaterThanOrEqualTo(text.size());
    }

    @Test
    void aReceiptHasNoSubscriptionAndNoMessageId() {
        FrameBytes text = new FrameBytes(0);

        OutboundFrame.receipt("r:1").appendTo(text, null, "s1", 0);

        assertThat(text.toString()).isEqualTo("RECEIPT\nreceipt-id:r\\c1\n\n\0");
        assertThat(StompHeaderAccessor.wrap(decode(text.toString()).getFirst()).getReceiptId()).isEqualTo("r:1");
    }

    @Test
    void aRoomEventsUtf8BytesAreWrittenAsTheyAreWithTheirByteCountAsContentLength() {
        String json = "{\"content\":\"h\u00e9llo \u20ac \ud83d\ude00\"}";
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        OutboundFrame frame = OutboundFrame.message("/topic/rooms/r-1", utf8);
        FrameBytes text = new FrameBytes(0);

        frame.appendTo(text, "sub-1", "s1", 0);

        Message<byte[]> decoded = decode(text.toString()).getFirst();
        assertThat(StompHeaderAccessor.wrap(decoded).getContentLength()).isEqualTo(utf8.length);
        assertThat(decoded.getPayload()).isEqualTo(utf8);
        assertThat(frame.body()).isEqualTo(json);
        assertThat(OutboundFrame.receipt("r1").body()).isEmpty();
    }
}

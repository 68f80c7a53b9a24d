package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.adapter.in.ws.Replies.AckStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RepliesTest {

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void anAckHasEveryFieldInTheContractsOrder() {
        assertThat(text(Replies.ack("c-1", "m-1", 42, AckStatus.ACCEPTED)))
                .isEqualTo("{\"clientMsgId\":\"c-1\",\"messageId\":\"m-1\",\"seq\":42,\"status\":\"ACCEPTED\"}");
        assertThat(text(Replies.ack(null, "m-1", 43, AckStatus.DUPLICATE)))
                .isEqualTo("{\"clientMsgId\":null,\"messageId\":\"m-1\",\"seq\":43,\"status\":\"DUPLICATE\"}");
    }

    @Test
    void anErrorLeavesOutWhatDoesNotApply() {
        var error = new StompError(ErrorCode.FORBIDDEN, "not a member of this room");

        assertThat(text(Replies.error(error, "c-1", "/app/rooms/r/messages", null))).isEqualTo(
                "{\"clientMsgId\":\"c-1\",\"code\":\"FORBIDDEN\",\"message\":\"not a member of this room\","
                        + "\"destination\":\"/app/rooms/r/messages\"}");
        assertThat(text(Replies.error(error, null, "/topic/rooms/r", "sub-1"))).isEqualTo(
                "{\"code\":\"FORBIDDEN\",\"message\":\"not a member of this room\",\"destination\":\"/topic/rooms/r\","
                        + "\"subscriptionId\":\"sub-1\"}");
        assertThat(text(Replies.error(error, null, null, null)))
                .isEqualTo("{\"code\":\"FORBIDDEN\",\"message\":\"not a member of this room\"}");
    }

    @Test
    void aRateLimitErrorCarriesItsWaitAfterTheMessage() {
        var error = new StompError(ErrorCode.RATE_LIMITED, "slow down", 1_500L);

        assertThat(text(Replies.error(error, "c-1", "/app/rooms/r/messages", null))).isEqualTo(
                "{\"clientMsgId\":\"c-1\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down\",\"retryAfterMs\":1500,"
                        + "\"destination\":\"/app/rooms/r/messages\"}");
    }

    @Test
    void textIsEscapedAsJson() {
        var error = new StompError(ErrorCode.NOT_FOUND, "no \"such\" room");

        assertThat(text(Replies.error(error, null, "/topic/rooms/a\"b", null)))
                .isEqualTo("{\"code\":\"NOT_FOUND\",\"message\":\"no \\\"such\\\" room\",\"destination\":\"/topic/rooms/a\\\"b\"}");
    }
}

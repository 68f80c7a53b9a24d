package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void readsTheEnvelopeFieldsTheToolChecks() {
        Map<String, String> fields = FlatJson.parse("""
                {"type":"MESSAGE_SENT","roomId":"r-1","seq":42,"occurredAt":"2026-01-01T12:00:00Z",
                 "message":{"messageId":"m","seq":42,"clientMsgId":"c-17","content":"hi","editedAt":null,
                            "deleted":false,"tags":[1,{"a":2}],"nested":{"deep":"x"}}}""");

        assertThat(fields).containsEntry("type", "MESSAGE_SENT")
                .containsEntry("seq", "42")
                .containsEntry("message.clientMsgId", "c-17")
                .containsEntry("message.deleted", "false")
                .doesNotContainKey("message.editedAt")
                .doesNotContainKey("message.nested.deep");
    }

    @Test
    void anythingButAnObjectReadsAsNoFields() {
        assertThat(FlatJson.parse("[1,2]")).isEmpty();
        assertThat(FlatJson.parse("not json")).isEmpty();
        assertThat(FlatJson.parse("{\"a\":")).isEmpty();
    }
}

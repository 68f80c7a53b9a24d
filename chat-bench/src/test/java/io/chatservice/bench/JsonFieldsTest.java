package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonFieldsTest {

    private static final JsonFields EVENT = JsonFields.of("type", "seq", "message.clientMsgId", "message.deleted",
            "message.editedAt", "message.nested.deep", "message.tags");

    @Test
    void readsTheEnvelopeFieldsTheToolChecksAndSkipsTheRest() {
        String[] values = EVENT.read("""
                {"type":"MESSAGE_SENT","roomId":"r-1","seq":42,"occurredAt":"2026-01-01T12:00:00Z",
                 "message":{"messageId":"m","seq":42,"clientMsgId":"c-17","content":"hi","editedAt":null,
                            "deleted":false,"tags":[1,{"a":2}],"nested":{"deep":"x"}}}""");

        assertThat(values).containsExactly("MESSAGE_SENT", "42", "c-17", "false", null, "x", null);
    }

    @Test
    void aSkippedStringFullOfEscapesAndLookalikeKeysDoesNotFoolTheScanner() {
        // The content is a user's text: it may hold quotes, backslashes, braces and what looks like our fields.
        String content = "say \"seq\":999, \"clientMsgId\":\"evil\" } { \\ \\\" ]";
        String json = JsonMapper.builder().build().writeValueAsString(java.util.Map.of(
                "type", "MESSAGE_SENT",
                "seq", 5,
                "message", java.util.Map.of("content", content, "clientMsgId", "real", "list", java.util.List.of("}", "]"))));

        String[] values = EVENT.read(json);

        assertThat(values[0]).isEqualTo("MESSAGE_SENT");
        assertThat(values[1]).isEqualTo("5");
        assertThat(values[2]).isEqualTo("real");
    }

    @Test
    void aWantedStringHasItsEscapesDecoded() {
        String[] values = JsonFields.of("a", "b").read("{\"a\":\"x\\\"y\\\\z\\n\\u00e9\\/\",\"b\":\"plain\"}");

        assertThat(values).containsExactly("x\"y\\z\né/", "plain");
    }

    @Test
    void aKeyWrittenWithEscapesStillMatches() {
        assertThat(JsonFields.of("seq").read("{\"s\\u0065q\":3}")).containsExactly("3");
    }

    @Test
    void readsAsTheServerWritesItWhateverTheFieldOrderAndSpacing() {
        String[] values = JsonFields.of("clientMsgId", "seq", "status").read(
                " {\n  \"status\" : \"ACCEPTED\" ,\t\"seq\" : 12 , \"messageId\":\"m\", \"clientMsgId\" : \"run-1\" }\n");

        assertThat(values).containsExactly("run-1", "12", "ACCEPTED");
    }

    @Test
    void anythingButAWellFormedObjectReadsAsNoFields() {
        JsonFields query = JsonFields.of("a");

        assertThat(query.read("[1,2]")).containsExactly((String) null);
        assertThat(query.read("not json")).containsExactly((String) null);
        assertThat(query.read("{\"a\":")).containsExactly((String) null);
        assertThat(query.read("{\"a\":\"unterminated}")).containsExactly((String) null);
        assertThat(query.read("{\"a\":1 \"b\":2}")).containsExactly((String) null);
        assertThat(query.read("")).containsExactly((String) null);
        assertThat(query.read("{}")).containsExactly((String) null);
    }
}

package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.shared.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SendPayloadsTest {

    private static JsonNode json(String body) {
        return SendPayloads.object(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertValidationFailure(Runnable parse, String message) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(StompRequestException.class, refused -> {
            assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(refused.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void aSendBodyIgnoresUnknownFieldsAndTheSenderIdAndAcceptsTypeText() {
        var body = SendPayloads.postMessage(
                json("{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"type\":\"TEXT\",\"senderId\":\"mallory\",\"x\":1}"));

        assertThat(body.clientMsgId().value()).isEqualTo("c-1");
        assertThat(body.content().value()).isEqualTo("hi");
    }

    @Test
    void aNullTypeIsAnAbsentType() {
        assertThat(SendPayloads.postMessage(json("{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"type\":null}"))
                .content().value()).isEqualTo("hi");
    }

    @Test
    void onlyTextMayBeSentAsTheWebAdapterAnswers() {
        assertValidationFailure(
                () -> SendPayloads.postMessage(json("{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"type\":\"JOIN\"}")),
                "type must be TEXT (or left out); other types are the system's");
        assertValidationFailure(
                () -> SendPayloads.postMessage(json("{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"type\":\"text\"}")),
                "type must be TEXT (or left out); other types are the system's");
    }

    @Test
    void textFieldsMustBeJsonStrings() {
        assertValidationFailure(() -> SendPayloads.postMessage(json("{\"clientMsgId\":\"c-1\",\"content\":42}")),
                "content must be a JSON string");
        assertValidationFailure(() -> SendPayloads.postMessage(json("{\"clientMsgId\":true,\"content\":\"hi\"}")),
                "clientMsgId must be a JSON string");
        assertValidationFailure(() -> SendPayloads.markRead(json("{\"lastReadMessageId\":[\"m\"]}")),
                "lastReadMessageId must be a JSON string");
    }

    @Test
    void requiredFieldsMissingOrNullAreNamed() {
        assertValidationFailure(() -> SendPayloads.postMessage(json("{\"content\":\"hi\"}")), "clientMsgId is required");
        assertValidationFailure(() -> SendPayloads.postMessage(json("{\"clientMsgId\":\"c\",\"content\":null}")),
                "content is required");
        assertValidationFailure(() -> SendPayloads.editMessage(json("{}")), "content is required");
        assertValidationFailure(() -> SendPayloads.markRead(json("")), "lastReadMessageId is required");
    }

    @Test
    void theDomainRulesApply() {
        assertThatThrownBy(() -> SendPayloads.postMessage(json("{\"clientMsgId\":\"c-1\",\"content\":\"   \"}")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SendPayloads.postMessage(
                json("{\"clientMsgId\":\"" + "x".repeat(65) + "\",\"content\":\"hi\"}")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SendPayloads.markRead(json("{\"lastReadMessageId\":\"a/b\"}")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void editAndDeleteTakeAnOptionalClientMsgId() {
        assertThat(SendPayloads.editMessage(json("{\"content\":\"new\"}")).clientMsgId()).isNull();
        assertThat(SendPayloads.editMessage(json("{\"content\":\"new\",\"clientMsgId\":\"c-2\"}")).clientMsgId())
                .hasToString("c-2");
        assertThat(SendPayloads.deleteMessage(json("")).clientMsgId()).isNull();
        assertThat(SendPayloads.deleteMessage(json("{\"clientMsgId\":\"c-3\"}")).clientMsgId()).hasToString("c-3");
    }

    @Test
    void typingMustBeABoolean() {
        assertThat(SendPayloads.typing(json("{\"typing\":true}")).typing()).isTrue();
        assertThat(SendPayloads.typing(json("{\"typing\":false}")).typing()).isFalse();
        assertValidationFailure(() -> SendPayloads.typing(json("{\"typing\":\"true\"}")), "typing must be true or false");
        assertValidationFailure(() -> SendPayloads.typing(json("{\"typing\":1}")), "typing must be true or false");
        assertValidationFailure(() -> SendPayloads.typing(json("{}")), "typing is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "not json", "{\"a\":1} trailing", "\u00ff\u00fe"})
    void malformedJsonIsAValidationFailure(String body) {
        assertValidationFailure(() -> json(body), "the body is not well-formed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "true"})
    void aBodyThatIsNotAnObjectIsAValidationFailure(String body) {
        assertValidationFailure(() -> json(body), "the body must be a JSON object");
    }

    @Test
    void anEmptyBodyIsAnEmptyObject() {
        assertThat(json("").isEmpty()).isTrue();
        assertThat(json("  \n").isEmpty()).isTrue();
    }

    @Test
    void onlyAValidClientMsgIdIsEchoed() {
        assertThat(SendPayloads.validClientMsgId(json("{\"clientMsgId\":\"c-1\",\"content\":42}"))).isEqualTo("c-1");
        assertThat(SendPayloads.validClientMsgId(json("{\"clientMsgId\":42}"))).isNull();
        assertThat(SendPayloads.validClientMsgId(json("{\"clientMsgId\":\"\"}"))).isNull();
        assertThat(SendPayloads.validClientMsgId(json("{\"clientMsgId\":\"" + "x".repeat(65) + "\"}"))).isNull();
        assertThat(SendPayloads.validClientMsgId(json("{}"))).isNull();
    }
}

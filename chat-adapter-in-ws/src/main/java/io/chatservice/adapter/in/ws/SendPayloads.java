package io.chatservice.adapter.in.ws;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON bodies of the SEND destinations, read by hand rather than bound to classes, so that every problem is
 * answered the same way REST answers it (VALIDATION_FAILED) and the {@code clientMsgId} can still be echoed when
 * another field is bad. Text fields must be JSON strings (no number or boolean turned into text), unknown fields
 * (among them {@code senderId}: the sender is always the caller) are ignored, {@code null} counts as absent, and
 * an empty body counts as {@code {}}. The value rules are the domain's value types, as in the REST adapter.
 */
final class SendPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SendPayloads() {
    }

    record PostMessageBody(ClientMsgId clientMsgId, MessageContent content) {
    }

    record EditMessageBody(MessageContent content, @Nullable ClientMsgId clientMsgId) {
    }

    record DeleteMessageBody(@Nullable ClientMsgId clientMsgId) {
    }

    record TypingBody(boolean typing) {
    }

    record MarkReadBody(MessageId lastReadMessageId) {
    }

    /** The body as a JSON object. */
    static JsonNode object(byte[] body) {
        if (isBlank(body)) {
            return JSON.createObjectNode();
        }
        if (!isUtf8(body)) {
            // Jackson would decode an overlong or CESU-8 sequence as the character it spells: refused instead, so
            // what is stored is exactly what the client sent (a text frame is checked by the container already,
            // a binary frame is not).
            throw StompRequestException.invalid("the body is not valid UTF-8");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException malformed) {
            throw StompRequestException.invalid("the body is not well-formed JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw StompRequestException.invalid("the body must be a JSON object");
        }
        return tree;
    }

    /**
     * The body's {@code clientMsgId} if it is a valid one, else null: what an error may echo back without ever
     * repeating arbitrary input.
     */
    static @Nullable String validClientMsgId(JsonNode body) {
        JsonNode field = body.get("clientMsgId");
        if (field == null || !field.isString()) {
            return null;
        }
        try {
            return ClientMsgId.of(field.asString()).value();
        } catch (InvalidInputException invalid) {
            return null;
        }
    }

    static PostMessageBody postMessage(JsonNode body) {
        ClientMsgId clientMsgId = ClientMsgId.of(requiredString(body, "clientMsgId"));
        MessageContent content = MessageContent.of(requiredString(body, "content"));
        String type = optionalString(body, "type");
        if (type != null && !MessageType.TEXT.name().equals(type)) {
            throw StompRequestException.invalid("type must be TEXT (or left out); other types are the system's");
        }
        return new PostMessageBody(clientMsgId, content);
    }

    static EditMessageBody editMessage(JsonNode body) {
        MessageContent content = MessageContent.of(requiredString(body, "content"));
        return new EditMessageBody(content, optionalClientMsgId(body));
    }

    static DeleteMessageBody deleteMessage(JsonNode body) {
        return new DeleteMessageBody(optionalClientMsgId(body));
    }

    static TypingBody typing(JsonNode body) {
        JsonNode typing = body.get("typing");
        if (typing == null || typing.isNull()) {
            throw StompRequestException.invalid("typing is required");
        }
        if (!typing.isBoolean()) {
            throw StompRequestException.invalid("typing must be true or false");
        }
        return new TypingBody(typing.booleanValue());
    }

    static MarkReadBody markRead(JsonNode body) {
        return new MarkReadBody(MessageId.of(requiredString(body, "lastReadMessageId")));
    }

    private static @Nullable ClientMsgId optionalClientMsgId(JsonNode body) {
        String clientMsgId = optionalString(body, "clientMsgId");
        return clientMsgId == null ? null : ClientMsgId.of(clientMsgId);
    }

    private static String requiredString(JsonNode body, String field) {
        String value = optionalString(body, field);
        if (value == null) {
            throw StompRequestException.invalid(field + " is required");
        }
        return value;
    }

    private static @Nullable String optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw StompRequestException.invalid(field + " must be a JSON string");
        }
        return value.asString();
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}

package io.chatservice.adapter.in.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Accepts only a JSON string for a text field. Jackson by default turns {@code 42}, {@code true} or
 * {@code 1.5} into text, so {@code "content": 42} would send the message "42"; a client that sent a number
 * has a bug worth reporting as VALIDATION_FAILED. Per field, so the application's shared mapper stays as
 * bootstrap configures it.
 */
final class StrictStringDeserializer extends ValueDeserializer<String> {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        return context.reportInputMismatch(this, "expected a JSON string");
    }
}

package io.chatservice.bench;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the scalar fields of a JSON object, and of the objects nested one level down as {@code outer.inner},
 * with Jackson's streaming parser: the tool reads every delivery of every subscriber, so it builds no tree.
 */
final class FlatJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private FlatJson() {}

    /** The fields as text ({@code null} values left out); an empty map for anything that is not a JSON object. */
    static Map<String, String> parse(String json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            read(parser, "", fields, 0);
        } catch (RuntimeException malformed) {
            return Map.of();
        }
        return fields;
    }

    private static void read(JsonParser parser, String prefix, Map<String, String> fields, int depth) {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            switch (value) {
                case START_OBJECT -> {
                    if (depth == 0) {
                        read(parser, name + ".", fields, depth + 1);
                    } else {
                        parser.skipChildren();
                    }
                }
                case START_ARRAY -> parser.skipChildren();
                case VALUE_NULL -> {
                    // absent and null mean the same to the tool
                }
                default -> fields.put(name, parser.getString());
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected " + token);
        }
    }
}

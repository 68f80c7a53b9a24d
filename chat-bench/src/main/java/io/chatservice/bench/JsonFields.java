package io.chatservice.bench;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads a few named scalar fields of a JSON object, and nothing else: the tool reads every delivery at every
 * subscriber, and a full parse of each body (a map of every field, a string for every value) was most of its
 * cost per delivery. A query names its fields once ({@code "seq"}, or {@code "message.clientMsgId"} for a field
 * of a nested object); {@link #read} walks the text once, skips every other value without copying it (strings
 * with their escapes, nested objects and arrays), and copies out only the values asked for, with JSON escapes
 * decoded. Malformed text reads as no fields, as does anything that is not an object.
 */
final class JsonFields {

    /** Fields of one query, each split at its dots. At most 64 (one bit each while scanning). */
    private final String[][] paths;

    private JsonFields(String[][] paths) {
        this.paths = paths;
    }

    static JsonFields of(String... names) {
        if (names.length == 0 || names.length > 64) {
            throw new IllegalArgumentException("a query reads 1 to 64 fields");
        }
        String[][] paths = new String[names.length][];
        for (int i = 0; i < names.length; i++) {
            paths[i] = names[i].split("\\.");
        }
        return new JsonFields(paths);
    }

    /**
     * The values of the query's fields, in the order they were named: a string's text, a number or boolean as
     * written; {@code null} for a field that is absent, {@code null}, or an object or array.
     */
    @Nullable String[] read(String json) {
        String[] values = new String[paths.length];
        try {
            int i = skipWhitespace(json, 0);
            if (i >= json.length() || json.charAt(i) != '{') {
                return values;
            }
            object(json, i, 0, (paths.length == 64 ? -1L : (1L << paths.length) - 1), values);
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            Arrays.fill(values, null);
        }
        return values;
    }

    /** Reads the object at {@code json[i] == '{'} for the paths in {@code candidates}; returns the index after it. */
    private int object(String json, int i, int depth, long candidates, String[] values) {
        i = skipWhitespace(json, i + 1);
        if (json.charAt(i) == '}') {
            return i + 1;
        }
        while (true) {
            expect(json, i, '"');
            int keyStart = i + 1;
            int keyEnd = stringEnd(json, keyStart);
            boolean keyEscaped = json.indexOf('\\', keyStart, keyEnd) >= 0;
            i = skipWhitespace(json, keyEnd + 1);
            expect(json, i, ':');
            i = skipWhitespace(json, i + 1);
            long leaves = 0;
            long deeper = 0;
            for (long bits = candidates; bits != 0; bits &= bits - 1) {
                int path = Long.numberOfTrailingZeros(bits);
                if (keyEquals(json, keyStart, keyEnd, keyEscaped, paths[path][depth])) {
                    if (paths[path].length == depth + 1) {
                        leaves |= 1L << path;
                    } else {
                        deeper |= 1L << path;
                    }
                }
            }
            char first = json.charAt(i);
            if (deeper != 0 && first == '{') {
                i = object(json, i, depth + 1, deeper, values);
            } else if (leaves != 0 && first != '{' && first != '[') {
                int end = scalarEnd(json, i);
                String value = first == '"' ? unescape(json, i + 1, end - 1) : scalar(json, i, end);
                for (long bits = leaves; bits != 0; bits &= bits - 1) {
                    values[Long.numberOfTrailingZeros(bits)] = value;
                }
                i = end;
            } else {
                i = skipValue(json, i);
            }
            i = skipWhitespace(json, i);
            char next = json.charAt(i);
            if (next == '}') {
                return i + 1;
            }
            expect(json, i, ',');
            i = skipWhitespace(json, i + 1);
        }
    }

    /** A number, true, false or null as written ({@code null} for null). */
    private static @Nullable String scalar(String json, int start, int end) {
        if (end - start == 4 && json.startsWith("null", start)) {
            return null;
        }
        if (end == start) {
            throw new IllegalArgumentException("a value is missing at " + start);
        }
        return json.substring(start, end);
    }

    /** The index after the scalar (string, number, literal) that starts at {@code i}. */
    private static int scalarEnd(String json, int i) {
        if (json.charAt(i) == '"') {
            return stringEnd(json, i + 1) + 1;
        }
        int end = i;
        while (end < json.length()) {
            char c = json.charAt(end);
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                break;
            }
            end++;
        }
        return end;
    }

    /** The index after any value (scalar, object or array) that starts at {@code i}. */
    private static int skipValue(String json, int i) {
        char c = json.charAt(i);
        if (c != '{' && c != '[') {
            int end = scalarEnd(json, i);
            if (end == i) {
                throw new IllegalArgumentException("a value is missing at " + i);
            }
            return end;
        }
        int nesting = 0;
        while (true) {
            c = json.charAt(i);
            if (c == '"') {
                i = stringEnd(json, i + 1) + 1;
                continue;
            }
            if (c == '{' || c == '[') {
                nesting++;
            } else if (c == '}' || c == ']') {
                nesting--;
                if (nesting == 0) {
                    return i + 1;
                }
            }
            i++;
        }
    }

    /** The index of the quote that closes the string whose text starts at {@code from}; escapes are stepped over. */
    private static int stringEnd(String json, int from) {
        int i = from;
        while (true) {
            int quote = json.indexOf('"', i);
            if (quote < 0) {
                throw new IllegalArgumentException("unterminated string at " + from);
            }
            // The quote is escaped if an odd number of backslashes precede it.
            int backslashes = 0;
            for (int b = quote - 1; b >= from && json.charAt(b) == '\\'; b--) {
                backslashes++;
            }
            if (backslashes % 2 == 0) {
                return quote;
            }
            i = quote + 1;
        }
    }

    private static boolean keyEquals(String json, int start, int end, boolean escaped, String name) {
        if (!escaped) {
            return end - start == name.length() && json.startsWith(name, start);
        }
        return unescape(json, start, end).equals(name);
    }

    /** The text of a JSON string whose content is {@code json[start, end)}, escapes decoded. */
    static String unescape(String json, int start, int end) {
        int backslash = json.indexOf('\\', start, end);
        if (backslash < 0) {
            return json.substring(start, end);
        }
        StringBuilder out = new StringBuilder(end - start);
        out.append(json, start, backslash);
        for (int i = backslash; i < end; i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = json.charAt(++i);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 >= end) {
                        throw new IllegalArgumentException("short \\u escape at " + i);
                    }
                    out.append((char) Integer.parseInt(json, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("undefined JSON escape \\" + escape);
            }
        }
        return out.toString();
    }

    private static int skipWhitespace(String json, int i) {
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    private static void expect(String json, int i, char wanted) {
        if (json.charAt(i) != wanted) {
            throw new IllegalArgumentException("expected '" + wanted + "' at " + i);
        }
    }
}

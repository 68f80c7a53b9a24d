package io.chatservice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One STOMP 1.2 frame, and the codec for the text frames the server exchanges over WebSocket. Only what a
 * chat client needs: text bodies, header escaping, NUL-terminated frames and heart-beat EOLs.
 */
record StompFrame(String command, Map<String, String> headers, String body) {

    static StompFrame of(String command, String... headerPairs) {
        if (headerPairs.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        return new StompFrame(command, headers, "");
    }

    StompFrame withBody(String newBody) {
        return new StompFrame(command, headers, newBody);
    }

    @Nullable String header(String name) {
        return headers.get(name);
    }

    /** CONNECT frames are not escaped (STOMP 1.2, "Value Encoding"); every other frame is. */
    String encode() {
        StringBuilder out = new StringBuilder(command.length() + body.length() + 64);
        out.append(command).append('\n');
        boolean escape = !command.equals("CONNECT") && !command.equals("CONNECTED");
        headers.forEach((name, value) -> out.append(escape ? escape(name) : name)
                .append(':')
                .append(escape ? escape(value) : value)
                .append('\n'));
        out.append('\n').append(body).append('\0');
        return out.toString();
    }

    private static String escape(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf(':') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace(":", "\\c");
    }

    private static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'c' -> out.append(':');
                case '\\' -> out.append('\\');
                default -> throw new IllegalArgumentException("undefined STOMP escape \\" + next);
            }
        }
        return out.toString();
    }

    /**
     * Splits a stream of text into frames. WebSocket messages may carry a frame in parts, several frames, or
     * only heart-beat EOLs; what is left after the last NUL waits for the next part. Not thread-safe: one per
     * connection, fed by its single reader.
     */
    static final class Decoder {

        private final StringBuilder pending = new StringBuilder();
        private long heartbeats;

        List<StompFrame> feed(CharSequence text) {
            pending.append(text);
            List<StompFrame> frames = new ArrayList<>(1);
            int start = 0;
            while (true) {
                // Heart-beats are bare EOLs between frames.
                while (start < pending.length() && (pending.charAt(start) == '\n' || pending.charAt(start) == '\r')) {
                    if (pending.charAt(start) == '\n') {
                        heartbeats++;
                    }
                    start++;
                }
                int nul = pending.indexOf("\0", start);
                if (nul < 0) {
                    break;
                }
                frames.add(parse(pending.substring(start, nul)));
                start = nul + 1;
            }
            pending.delete(0, start);
            return frames;
        }

        long heartbeats() {
            return heartbeats;
        }

        private static StompFrame parse(String raw) {
            int headerEnd = raw.indexOf("\n\n");
            String head = headerEnd < 0 ? raw : raw.substring(0, headerEnd);
            String body = headerEnd < 0 ? "" : raw.substring(headerEnd + 2);
            String[] lines = head.split("\r?\n");
            String command = lines[0].strip();
            if (command.isEmpty()) {
                throw new IllegalArgumentException("STOMP frame without a command");
            }
            boolean escaped = !command.equals("CONNECTED");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("malformed STOMP header line: " + line);
                }
                String name = escaped ? unescape(line.substring(0, colon)) : line.substring(0, colon);
                String value = escaped ? unescape(line.substring(colon + 1)) : line.substring(colon + 1);
                // STOMP 1.2: a repeated header keeps its first value.
                headers.putIfAbsent(name, value);
            }
            return new StompFrame(command, headers, body);
        }
    }
}

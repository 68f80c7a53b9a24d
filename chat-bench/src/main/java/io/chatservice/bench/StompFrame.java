package io.chatservice.bench;

import java.util.ArrayList;
import java.util.HashMap;
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
     * Splits a stream of text into frames. A WebSocket message may carry a frame in parts (fragments with
     * {@code last=false}, or a frame a server split over messages), several frames one after another (a server
     * that coalesces a session's frames into one message), or only heart-beat EOLs; what is left after the last
     * NUL waits for the next part. Bodies end at the NUL: the server's JSON bodies never hold a raw NUL (JSON
     * escapes it), so content-length is not needed to find the end. Not thread-safe: one per connection, fed by
     * its single reader.
     */
    static final class Decoder {

        /** Receives each complete frame, in order, on the reader's thread. */
        interface Sink {
            void accept(StompFrame frame);
        }

        private final StringBuilder pending = new StringBuilder();
        private long heartbeats;

        /**
         * Feeds one WebSocket message (or fragment) and hands every frame it completes to {@code sink}. The common
         * case, whole frames in one message, is read straight from one copy of the text; only a trailing partial
         * frame is kept.
         */
        void feed(CharSequence text, Sink sink) {
            String buffer;
            if (pending.isEmpty()) {
                buffer = text.toString();
            } else {
                buffer = pending.append(text).toString();
                pending.setLength(0);
            }
            int length = buffer.length();
            int start = 0;
            while (true) {
                // Heart-beats are bare EOLs between frames.
                while (start < length && (buffer.charAt(start) == '\n' || buffer.charAt(start) == '\r')) {
                    if (buffer.charAt(start) == '\n') {
                        heartbeats++;
                    }
                    start++;
                }
                int nul = start < length ? buffer.indexOf('\0', start) : -1;
                if (nul < 0) {
                    break;
                }
                StompFrame frame = parse(buffer, start, nul);
                start = nul + 1;
                sink.accept(frame);
            }
            if (start < length) {
                pending.append(buffer, start, length);
            }
        }

        /** Convenience for callers that want the frames as a list (tests, set-up code). */
        List<StompFrame> feed(CharSequence text) {
            List<StompFrame> frames = new ArrayList<>(1);
            feed(text, frames::add);
            return frames;
        }

        long heartbeats() {
            return heartbeats;
        }

        /** Characters of a partial frame waiting for the rest of it. */
        int pendingLength() {
            return pending.length();
        }

        /** Parses {@code text[start, end)}, one frame without its NUL, with no regex and one copy per field. */
        private static StompFrame parse(String text, int start, int end) {
            int lineEnd = lineEnd(text, start, end);
            String command = command(text, start, trimCr(text, start, lineEnd));
            if (command.isEmpty()) {
                throw new IllegalArgumentException("STOMP frame without a command");
            }
            boolean escaped = !command.equals("CONNECTED");
            Map<String, String> headers = new HashMap<>(8);
            int position = lineEnd + 1;
            int bodyStart = end;
            while (position < end) {
                int next = lineEnd(text, position, end);
                int contentEnd = trimCr(text, position, next);
                if (contentEnd == position) {
                    // The blank line: the body follows it.
                    bodyStart = Math.min(next + 1, end);
                    break;
                }
                int colon = text.indexOf(':', position);
                if (colon < 0 || colon >= contentEnd || colon == position) {
                    throw new IllegalArgumentException(
                            "malformed STOMP header line: " + text.substring(position, contentEnd));
                }
                String name = text.substring(position, colon);
                String value = text.substring(colon + 1, contentEnd);
                if (escaped) {
                    name = unescape(name);
                    value = unescape(value);
                }
                // STOMP 1.2: a repeated header keeps its first value.
                headers.putIfAbsent(name, value);
                position = next + 1;
            }
            return new StompFrame(command, headers, bodyStart >= end ? "" : text.substring(bodyStart, end));
        }

        private static int lineEnd(String text, int from, int end) {
            int newline = text.indexOf('\n', from);
            return newline < 0 || newline > end ? end : newline;
        }

        private static int trimCr(String text, int from, int lineEnd) {
            return lineEnd > from && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
        }

        /** The commands a server sends come back as constants, so a frame's command costs no copy. */
        private static String command(String text, int from, int to) {
            for (String known : SERVER_COMMANDS) {
                if (known.length() == to - from && text.startsWith(known, from)) {
                    return known;
                }
            }
            return text.substring(from, to).strip();
        }

        private static final String[] SERVER_COMMANDS = {"MESSAGE", "RECEIPT", "CONNECTED", "ERROR"};
    }
}

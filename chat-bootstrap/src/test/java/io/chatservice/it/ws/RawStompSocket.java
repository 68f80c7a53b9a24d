package io.chatservice.it.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client written by hand over a plain socket, for what no well-behaved client library will send:
 * text frames whose bytes are not UTF-8, STOMP in binary frames, frames that are not STOMP at all. It speaks just
 * enough RFC 6455 (one unfragmented, masked frame per message) and STOMP (frames split at NUL) for that. Reads
 * are bounded by a deadline; nothing here waits forever.
 */
final class RawStompSocket implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private @Nullable Integer closeCode;

    /** One STOMP frame the server sent. */
    record Frame(String command, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return command + " " + headers + " " + text();
        }
    }

    private RawStompSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code /ws} with the STOMP 1.2 sub-protocol; fails unless the server switches protocols. */
    static RawStompSocket open(int port) {
        try {
            Socket socket = new Socket("localhost", port);
            socket.setSoTimeout(10_000);
            RawStompSocket raw = new RawStompSocket(socket);
            raw.handshake(port);
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a raw WebSocket to port " + port, e);
        }
    }

    /** A STOMP frame as text, each header a {@code name:value} line, the body as given, then NUL. */
    static byte[] stomp(String command, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> head.append(name).append(':').append(value).append('\n'));
        head.append('\n');
        frame.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        frame.writeBytes(body);
        frame.write(0);
        return frame.toByteArray();
    }

    static byte[] connectFrame(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept-version", "1.2");
        headers.put("host", "localhost");
        headers.put("heart-beat", "0,0");
        headers.put("Authorization", "Bearer " + token);
        return stomp("CONNECT", headers, new byte[0]);
    }

    /** CONNECT with the token, as a text frame, and the server's answer (CONNECTED, or ERROR). */
    Frame connect(String token) {
        send(TEXT, connectFrame(token));
        return nextFrame(Duration.ofSeconds(10));
    }

    /** SUBSCRIBE with a receipt, and waits for the RECEIPT. */
    void subscribe(String id, String destination) {
        send(TEXT, stomp("SUBSCRIBE", Map.of("id", id, "destination", destination, "receipt", "r-" + id),
                new byte[0]));
        Frame receipt = nextFrame(Duration.ofSeconds(10));
        if (!receipt.command().equals("RECEIPT") || !receipt.header("receipt-id").equals("r-" + id)) {
            throw new AssertionError("expected the RECEIPT of SUBSCRIBE " + destination + ", got " + receipt);
        }
    }

    /** Sends one WebSocket message, masked as a client must, in a single frame. */
    void send(int opcode, byte[] payload) {
        try {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else if (payload.length < 65_536) {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(0x80 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) (((long) payload.length >>> shift) & 0xFF));
                }
            }
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not send a WebSocket frame", e);
        }
    }

    /**
     * The next STOMP frame from the server, skipping heart-beats; fails when none comes within the timeout or
     * the server closes the WebSocket first.
     */
    Frame nextFrame(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] message = nextMessage(deadline);
            if (message == null) {
                throw new AssertionError("the server closed the WebSocket (" + closeCode + ") instead of sending a frame");
            }
            Frame frame = parse(message);
            if (frame != null) {
                return frame;
            }
        }
    }

    /**
     * Waits for the server to close the WebSocket, skipping whatever comes before; the close code it sent,
     * or -1 when the connection ended without a close frame. Fails when it is still open after the timeout.
     */
    int awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nextMessage(deadline) != null) {
            // skip frames until the close
        }
        return closeCode == null ? -1 : closeCode;
    }

    /** A WebSocket message, or null once the server has closed; answers pings. */
    private byte @Nullable [] nextMessage(long deadline) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (deadline - System.nanoTime() <= 0) {
                    throw new AssertionError("no WebSocket message from the server in time");
                }
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = first & 0x0F;
                if (opcode == CLOSE) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
                    return null;
                }
                if (opcode == PING) {
                    continue;
                }
                if (opcode == TEXT || opcode == BINARY || opcode == CONTINUATION) {
                    message.writeBytes(payload);
                    if ((first & 0x80) != 0) {
                        return message.toByteArray();
                    }
                }
            }
        } catch (EOFException ended) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no WebSocket message from the server in time", e);
        } catch (IOException e) {
            // A reset after the server closed counts as closed.
            return null;
        }
    }

    private static @Nullable Frame parse(byte[] message) {
        int start = 0;
        while (start < message.length && (message[start] == '\n' || message[start] == '\r')) {
            start++;
        }
        if (start == message.length) {
            return null;
        }
        int headEnd = indexOf(message, "\n\n".getBytes(StandardCharsets.UTF_8), start);
        String head = new String(message, start, headEnd - start, StandardCharsets.UTF_8);
        String[] lines = head.split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
        }
        int bodyStart = headEnd + 2;
        int bodyEnd = message.length;
        while (bodyEnd > bodyStart && message[bodyEnd - 1] != 0) {
            bodyEnd--;
        }
        byte[] body = java.util.Arrays.copyOfRange(message, bodyStart, Math.max(bodyStart, bodyEnd - 1));
        return new Frame(lines[0], headers, body);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of headers in " + new String(data, StandardCharsets.UTF_8));
    }

    private void handshake(int port) throws IOException {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String request = "GET /ws HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v12.stomp\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHead(in);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("the server did not switch to WebSocket: " + response);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}

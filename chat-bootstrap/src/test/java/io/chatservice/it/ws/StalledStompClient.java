package io.chatservice.it.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A STOMP client that stops reading: WebSocket and STOMP written by hand over a plain socket with a small
 * receive buffer, so that once it stops reading, what the server sends piles up on the server's side rather than
 * in this JVM. It connects, subscribes and then reads nothing until a test asks whether the server gave up on
 * it.
 */
final class StalledStompClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RECEIVE_BUFFER = 4 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private long bytesReadAfterStalling;

    private StalledStompClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens {@code /ws}, sends CONNECT (no heart-beats either way) and waits for CONNECTED. */
    static StalledStompClient connect(int port, String token) {
        try {
            Socket socket = new Socket();
            // Set before connecting, so the window the server sees stays small.
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress("localhost", port), 5_000);
            socket.setSoTimeout((int) StompConnection.TIMEOUT.toMillis());
            StalledStompClient client = new StalledStompClient(socket);
            client.handshake(port);
            client.sendFrame("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n");
            client.awaitFrameStartingWith("CONNECTED");
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("the stalled client could not connect", e);
        }
    }

    /** Subscribes and waits for the RECEIPT; after this the client reads nothing more on its own. */
    void subscribe(String destination) {
        String receipt = "stalled-" + destination.hashCode();
        try {
            sendFrame("SUBSCRIBE\nid:" + receipt + "\ndestination:" + destination + "\nreceipt:" + receipt + "\n\n");
            awaitFrameStartingWith("RECEIPT");
        } catch (IOException e) {
            throw new UncheckedIOException("the stalled client could not subscribe to " + destination, e);
        }
    }

    /**
     * Starts reading again and reads everything until the server's close frame or the end of the connection;
     * true if that came within {@code timeout} of silence, false if the server kept the connection open.
     */
    boolean wasDisconnected(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            while (true) {
                ByteArrayOutputStream payload = new ByteArrayOutputStream();
                int opcode = readFrame(payload);
                bytesReadAfterStalling += payload.size();
                if (opcode == 0x8) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (EOFException | SocketException closed) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How much {@link #wasDisconnected} read: what the server had sent before it gave up. */
    long bytesReadAfterStalling() {
        return bytesReadAfterStalling;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Nothing left to release.
        }
    }

    private void handshake(int port) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v12.stomp\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("the WebSocket handshake was refused: " + response);
        }
    }

    /** One STOMP frame as one masked WebSocket text message, NUL-terminated. */
    private void sendFrame(String frame) throws IOException {
        byte[] payload = (frame + "\0").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(0x81);
        if (payload.length < 126) {
            message.write(0x80 | payload.length);
        } else {
            message.write(0x80 | 126);
            message.write(payload.length >>> 8);
            message.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        message.write(mask);
        for (int i = 0; i < payload.length; i++) {
            message.write(payload[i] ^ mask[i % 4]);
        }
        out.write(message.toByteArray());
        out.flush();
    }

    private void awaitFrameStartingWith(String command) throws IOException {
        while (true) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            int opcode = readFrame(payload);
            String text = payload.toString(StandardCharsets.UTF_8);
            if (opcode == 0x8) {
                throw new IOException("the server closed the connection instead of sending " + command);
            }
            if (text.startsWith("ERROR")) {
                throw new IOException("the server answered with " + text);
            }
            if (text.startsWith(command)) {
                return;
            }
        }
    }

    /** Reads one server frame (never masked) into {@code payload}; its opcode. */
    private int readFrame(ByteArrayOutputStream payload) throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7f;
        long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
        byte[] buffer = new byte[8192];
        long left = size;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException();
            }
            payload.write(buffer, 0, read);
            left -= read;
        }
        return first & 0x0f;
    }
}

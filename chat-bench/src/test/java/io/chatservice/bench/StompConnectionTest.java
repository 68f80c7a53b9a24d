package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tool's connection over a real WebSocket: a minimal RFC 6455 server on a local socket sends frames the way
 * a server that coalesces (several STOMP frames in one WebSocket message) or splits them (a STOMP frame over
 * several WebSocket messages, or over fragments of one message) would, and the JDK client with the tool's
 * listener must hand every STOMP frame to the handler, in order.
 */
class StompConnectionTest {

    private ServerSocket server;
    private Transport transport;

    @AfterEach
    void tearDown() throws IOException {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "nio"})
    void coalescedAndSplitFramesAllReachTheHandlerInOrder(String transportName) throws Exception {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(() -> serve(1, socket -> {
            OutputStream out = socket.getOutputStream();
            // One WebSocket message: CONNECTED, two MESSAGE frames and a heart-beat between them.
            sendText(out, true, "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0" + message(1) + "\n" + message(2));
            // A STOMP frame split over two complete WebSocket messages.
            String third = message(3);
            sendText(out, true, third.substring(0, 20));
            sendText(out, true, third.substring(20) + message(4).substring(0, 7));
            // The rest of frame 4 as one fragmented WebSocket message (text, then continuation frames).
            String rest = message(4).substring(7);
            sendFrame(out, 0x01, rest.substring(0, 10));
            sendFrame(out, 0x00, rest.substring(10, 30));
            sendFrame(out, 0x80, rest.substring(30) + message(5));
        }));
        transport = new Transport(Duration.ofSeconds(5));
        List<String> bodies = new CopyOnWriteArrayList<>();
        CountDownLatch five = new CountDownLatch(5);

        StompConnection connection = transport.connectForSetUp(options(transportName), "test", "token", (c, frame, receivedNanos) -> {
            if (frame.command().equals("MESSAGE")) {
                bodies.add(frame.body());
                five.countDown();
            }
        });

        assertThat(five.await(5, TimeUnit.SECONDS)).as("all five MESSAGE frames arrived").isTrue();
        assertThat(bodies).containsExactly(body(1), body(2), body(3), body(4), body(5));
        assertThat(connection.heartbeatsReceived()).isEqualTo(1);
        assertThat(connection.isOpen()).isTrue();
        connection.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "nio"})
    void aHandshakeRefusedAsBusyIsTriedAgain(String transportName) throws Exception {
        server = new ServerSocket(0);
        AtomicInteger handshakes = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            String key = readHandshake(socket.getInputStream());
                            if (handshakes.incrementAndGet() <= 2) {
                                socket.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\n"
                                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                                return;
                            }
                            accept(socket.getOutputStream(), key);
                            readClientFrame(socket.getInputStream());
                            sendText(socket.getOutputStream(), true, "CONNECTED\nversion:1.2\n\n\0");
                            readClientFrame(socket.getInputStream());
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        transport = new Transport(Duration.ofSeconds(5));

        StompConnection connection = transport.connectForSetUp(options(transportName), "test", "token", (c, f, n) -> {});

        assertThat(handshakes).hasValue(3);
        assertThat(transport.busyRetries()).isEqualTo(2);
        assertThat(connection.isOpen()).isTrue();
        connection.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "nio"})
    void aPingIsAnsweredAndTheServersCloseEndsTheConnectionWithItsStatus(String transportName) throws Exception {
        server = new ServerSocket(0);
        CountDownLatch ponged = new CountDownLatch(1);
        List<String> pongPayloads = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> serve(1, socket -> {
            OutputStream out = socket.getOutputStream();
            sendText(out, true, "CONNECTED\nversion:1.2\n\n\0");
            out.write(new byte[] {(byte) 0x89, 4, 'p', 'i', 'n', 'g'});
            out.flush();
            // The client's answer, skipping anything else it sends first.
            while (true) {
                int[] opcode = new int[1];
                String payload = readClientFrame(socket.getInputStream(), opcode);
                if (payload == null || opcode[0] == 0xA) {
                    pongPayloads.add(String.valueOf(payload));
                    ponged.countDown();
                    break;
                }
            }
            // Close 4000 "bye", initiated by the server.
            out.write(new byte[] {(byte) 0x88, 5, (byte) 0x0f, (byte) 0xa0, 'b', 'y', 'e'});
            out.flush();
        }));
        transport = new Transport(Duration.ofSeconds(5));
        CountDownLatch closed = new CountDownLatch(1);
        List<String> reasons = new CopyOnWriteArrayList<>();

        StompConnection connection = transport.connectForSetUp(options(transportName), "test", "token",
                new StompConnection.Handler() {
                    @Override
                    public void onFrame(StompConnection c, StompFrame frame, long receivedNanos) {}

                    @Override
                    public void onClosed(StompConnection c, String reason) {
                        reasons.add(reason);
                        closed.countDown();
                    }
                });

        assertThat(ponged.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pongPayloads).containsExactly("ping");
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reasons).singleElement().asString().contains("closed by the server: 4000").contains("bye");
        assertThat(connection.isOpen()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "nio"})
    void aSubscribeTheServerNeverConfirmsFailsAfterTheConnectTimeoutInsteadOfHangingTheSetUp(String transportName)
            throws Exception {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(() -> serve(1, socket -> {
            sendText(socket.getOutputStream(), true, "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0");
            // Reads the SUBSCRIBE and answers nothing, as a server does for a refused subscription (its error goes
            // to /user/queue/errors, and there is no RECEIPT).
            while (readClientFrame(socket.getInputStream()) != null) {
                // keep the connection open
            }
        }));
        transport = new Transport(Duration.ofSeconds(1));
        BenchOptions options = BenchOptions.parse(new String[] {
            "--scenario", "chat", "--url", "http://127.0.0.1:" + server.getLocalPort(), "--heartbeat", "0",
            "--transport", transportName, "--connect-timeout", "1s"
        });
        StompConnection connection = transport.connectForSetUp(options, "test", "token", (c, f, n) -> {});

        long started = System.nanoTime();
        var subscribed = connection.subscribe("/topic/rooms/r-1");

        assertThatThrownBy(() -> subscribed.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        connection.close();
    }

    private BenchOptions options(String transportName) {
        return BenchOptions.parse(new String[] {
            "--scenario", "chat", "--url", "http://127.0.0.1:" + server.getLocalPort(), "--heartbeat", "0",
            "--transport", transportName
        });
    }

    private static String body(int seq) {
        return "{\"type\":\"MESSAGE_SENT\",\"seq\":" + seq + ",\"message\":{\"clientMsgId\":\"c-" + seq + "\"}}";
    }

    private static String message(int seq) {
        return "MESSAGE\ndestination:/topic/rooms/r-1\nsubscription:sub-1\nmessage-id:m-" + seq + "\n\n" + body(seq)
                + "\0";
    }

    interface Script {
        void run(Socket socket) throws IOException;
    }

    /** Accepts {@code connections} clients; each gets the handshake, its CONNECT read, then the script. */
    private void serve(int connections, Script script) {
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = server.accept();
                String key = readHandshake(socket.getInputStream());
                accept(socket.getOutputStream(), key);
                String connect = readClientFrame(socket.getInputStream());
                assertThat(connect).startsWith("CONNECT\n");
                script.run(socket);
                // Keep the socket open until the client closes it.
                while (readClientFrame(socket.getInputStream()) != null) {
                    // DISCONNECT, close
                }
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static String readHandshake(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(b);
        }
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        throw new IOException("no Sec-WebSocket-Key");
    }

    private static void accept(OutputStream out, String key) throws IOException {
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The payload of the client's next frame (clients mask theirs), or null once it closed. */
    private static String readClientFrame(InputStream in) throws IOException {
        return readClientFrame(in, new int[1]);
    }

    private static String readClientFrame(InputStream in, int[] opcode) throws IOException {
        int first = in.read();
        if (first >= 0) {
            opcode[0] = first & 0x0f;
        }
        if (first < 0 || (first & 0x0f) == 0x8) {
            return null;
        }
        int second = in.read();
        long length = second & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static void sendText(OutputStream out, boolean fin, String text) throws IOException {
        sendFrame(out, fin ? 0x81 : 0x01, text);
    }

    /** One unmasked server frame: {@code head} carries FIN and the opcode (0x1 text, 0x0 continuation). */
    private static void sendFrame(OutputStream out, int head, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(head);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(payload);
        out.flush();
    }
}

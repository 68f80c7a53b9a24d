package io.chatservice.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A minimal RFC 6455 WebSocket client on plain NIO (ws:// only), for the load tool's receive path: one selector
 * thread per core reads every connection it owns straight into one buffer, and hands whole text messages to
 * their {@link StompConnection} on that thread. Compared with the JDK's WebSocket, it has no per-message
 * futures, schedulers or hand-offs, and it reads many ready sockets per wake-up. Writes are masked frames, written
 * at once from the calling thread when the socket takes them, else queued for the selector thread.
 *
 * <p>Supported: the opening handshake (checked {@code Sec-WebSocket-Accept}), text messages whole or in
 * fragments, ping (answered with pong), close (answered, then the socket is closed). Binary messages are
 * skipped. A refused handshake fails with {@link HandshakeRefused} carrying the HTTP status.
 */
final class NioWebSockets implements AutoCloseable {

    /** The server answered the opening handshake with something other than 101. */
    static final class HandshakeRefused extends IOException {
        final int status;

        HandshakeRefused(int status, String statusLine) {
            super("WebSocket handshake refused: " + statusLine);
            this.status = status;
        }
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    NioWebSockets(int threads) throws IOException {
        loops = new Loop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop("bench-ws-" + (i + 1));
        }
    }

    /** Completes once the handshake succeeded (and {@code connection.opened} was called), or fails. */
    CompletableFuture<?> connect(URI endpoint, Duration timeout, StompConnection connection) {
        if (!"ws".equals(endpoint.getScheme())) {
            return CompletableFuture.failedFuture(
                    new IOException("the NIO transport speaks ws:// only (was " + endpoint + "); use --transport jdk"));
        }
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        Socket socket = new Socket(loop, endpoint, connection, System.nanoTime() + timeout.toNanos());
        loop.submit(socket::start);
        return socket.handshake;
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.stop();
        }
    }

    /** One selector thread and the sockets it owns. */
    private static final class Loop implements Runnable {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final ArrayDeque<Socket> connecting = new ArrayDeque<>();
        private final Thread thread;
        private ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
        private volatile boolean running = true;

        Loop(String name) throws IOException {
            selector = Selector.open();
            thread = Thread.ofPlatform().name(name).daemon(true).start(this);
        }

        void submit(Runnable task) {
            tasks.add(task);
            if (Thread.currentThread() != thread) {
                selector.wakeup();
            }
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            while (running) {
                try {
                    // A bounded wait, so that handshakes past their deadline are noticed without other traffic.
                    selector.select(100);
                } catch (IOException e) {
                    continue;
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    Socket socket = (Socket) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            socket.finishConnect();
                        }
                        if (key.isValid() && key.isWritable()) {
                            socket.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            socket.read();
                        }
                    } catch (IOException | RuntimeException failure) {
                        socket.fail(failure);
                    }
                }
                expireHandshakes();
            }
            for (SelectionKey key : selector.keys()) {
                ((Socket) key.attachment()).fail(new IOException("transport closed"));
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }

        private void expireHandshakes() {
            long now = System.nanoTime();
            for (Iterator<Socket> it = connecting.iterator(); it.hasNext(); ) {
                Socket socket = it.next();
                if (socket.handshake.isDone()) {
                    it.remove();
                } else if (now - socket.deadlineNanos > 0) {
                    it.remove();
                    socket.fail(new java.net.http.HttpTimeoutException("WebSocket handshake timed out"));
                }
            }
        }

        /** The read buffer, at least {@code capacity} bytes, cleared. */
        ByteBuffer readBuffer(int capacity) {
            if (readBuffer.capacity() < capacity) {
                readBuffer = ByteBuffer.allocate(Math.max(capacity, readBuffer.capacity() * 2));
            }
            return readBuffer.clear();
        }
    }

    /** One connection: its channel, the bytes of a partial frame, its queued writes. */
    private static final class Socket implements StompConnection.Wire {
        private final Loop loop;
        private final URI endpoint;
        private final StompConnection connection;
        private final long deadlineNanos;
        private final String key;
        final CompletableFuture<Void> handshake = new CompletableFuture<>();
        private volatile @Nullable SocketChannel channel;
        private volatile @Nullable SelectionKey selectionKey;
        /** Received bytes not yet used: a partial frame, or a partial handshake answer. */
        private byte @Nullable [] leftover;
        /** The text of a fragmented message so far. */
        private java.io.@Nullable ByteArrayOutputStream fragments;
        /** Writes the socket did not take at once, in order; guarded by this. */
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private volatile boolean closed;
        private volatile boolean closeSent;

        Socket(Loop loop, URI endpoint, StompConnection connection, long deadlineNanos) {
            this.loop = loop;
            this.endpoint = endpoint;
            this.connection = connection;
            this.deadlineNanos = deadlineNanos;
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            this.key = Base64.getEncoder().encodeToString(nonce);
        }

        /** On the loop: opens the channel and starts connecting. */
        void start() {
            try {
                SocketChannel ch = SocketChannel.open();
                channel = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
                boolean done = ch.connect(new InetSocketAddress(endpoint.getHost(), port));
                selectionKey = ch.register(loop.selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
                loop.connecting.add(this);
                if (done) {
                    sendHandshake();
                }
            } catch (IOException | RuntimeException failure) {
                fail(failure);
            }
        }

        void finishConnect() throws IOException {
            if (channel.finishConnect()) {
                selectionKey.interestOps(SelectionKey.OP_READ);
                sendHandshake();
            }
        }

        private void sendHandshake() throws IOException {
            String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
            if (endpoint.getRawQuery() != null) {
                path += "?" + endpoint.getRawQuery();
            }
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + endpoint.getRawAuthority() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        }

        /** On the loop: reads what is there and handles every complete frame. */
        void read() throws IOException {
            int kept = leftover == null ? 0 : leftover.length;
            ByteBuffer buffer = loop.readBuffer(kept + 16 * 1024);
            if (kept > 0) {
                buffer.put(leftover);
                leftover = null;
            }
            int count = channel.read(buffer);
            if (count < 0) {
                fail(new IOException("connection closed by the server without a close frame"));
                return;
            }
            buffer.flip();
            if (!handshake.isDone()) {
                readHandshake(buffer);
                if (!handshake.isDone() || handshake.isCompletedExceptionally()) {
                    return;
                }
            }
            readFrames(buffer);
        }

        private void readHandshake(ByteBuffer buffer) throws IOException {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                if (bytes.length > MAX_HANDSHAKE_BYTES) {
                    throw new IOException("WebSocket handshake answer too long");
                }
                leftover = bytes;
                return;
            }
            String[] lines = text.substring(0, end).split("\r\n");
            String[] status = lines[0].split(" ", 3);
            int code = status.length > 1 ? Integer.parseInt(status[1]) : -1;
            if (code != 101) {
                fail(new HandshakeRefused(code, lines[0]));
                return;
            }
            String accept = null;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT)
                        .equals("sec-websocket-accept")) {
                    accept = lines[i].substring(colon + 1).strip();
                }
            }
            if (!expectedAccept(key).equals(accept)) {
                fail(new IOException("WebSocket handshake: wrong Sec-WebSocket-Accept"));
                return;
            }
            // Frames may follow the answer in the same read.
            buffer.position(end + 4);
            connection.opened(this);
            handshake.complete(null);
        }

        private void readFrames(ByteBuffer buffer) throws IOException {
            while (buffer.remaining() >= 2 && !closed) {
                int start = buffer.position();
                int first = buffer.get(start) & 0xff;
                int second = buffer.get(start + 1) & 0xff;
                long length = second & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (buffer.remaining() < 4) {
                        break;
                    }
                    length = buffer.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (length == 127) {
                    if (buffer.remaining() < 10) {
                        break;
                    }
                    length = buffer.getLong(start + 2);
                    header = 10;
                }
                if ((second & 0x80) != 0) {
                    throw new IOException("the server masked a frame");
                }
                if (length > 64L * 1024 * 1024) {
                    throw new IOException("frame too large: " + length + " bytes");
                }
                if (buffer.remaining() < header + length) {
                    break;
                }
                int payload = start + header;
                buffer.position(payload + (int) length);
                handleFrame(first, buffer.array(), buffer.arrayOffset() + payload, (int) length);
            }
            if (buffer.hasRemaining() && !closed) {
                leftover = new byte[buffer.remaining()];
                buffer.get(leftover);
            }
        }

        private void handleFrame(int first, byte[] bytes, int offset, int length) throws IOException {
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0f;
            switch (opcode) {
                case 0x1, 0x0 -> {
                    if (opcode == 0x1 && fin && fragments == null) {
                        connection.text(new String(bytes, offset, length, StandardCharsets.UTF_8));
                        return;
                    }
                    // A fragmented message: decoded once whole, so no UTF-8 sequence is cut in two.
                    if (fragments == null) {
                        fragments = new java.io.ByteArrayOutputStream();
                    }
                    fragments.write(bytes, offset, length);
                    if (fin) {
                        String text = fragments.toString(StandardCharsets.UTF_8);
                        fragments = null;
                        connection.text(text);
                    }
                }
                case 0x2 -> {
                    // binary: the chat server sends none; skipped
                }
                case 0x8 -> {
                    int status = length >= 2 ? ((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff) : 1005;
                    String reason = length > 2 ? new String(bytes, offset + 2, length - 2, StandardCharsets.UTF_8) : "";
                    if (!closeSent) {
                        // The server started the close handshake: answer it before closing.
                        closeSent = true;
                        write(frame(0x8, closePayload(status)));
                    }
                    closeChannel();
                    connection.closedByPeer(status, reason);
                }
                case 0x9 -> {
                    byte[] ping = new byte[length];
                    System.arraycopy(bytes, offset, ping, 0, length);
                    write(frame(0xA, ping));
                }
                case 0xA -> {
                    // an unsolicited pong: nothing to do
                }
                default -> throw new IOException("unknown WebSocket opcode " + opcode);
            }
        }

        @Override
        public CompletableFuture<?> sendText(String text) {
            try {
                write(frame(0x1, text.getBytes(StandardCharsets.UTF_8)));
                return CompletableFuture.completedFuture(null);
            } catch (IOException | RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Override
        public CompletableFuture<?> sendClose() {
            try {
                closeSent = true;
                write(frame(0x8, closePayload(1000)));
                // The server answers with its own close frame; the loop closes the channel then (or on EOF).
                return CompletableFuture.completedFuture(null);
            } catch (IOException | RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Override
        public void abort() {
            closed = true;
            loop.submit(this::closeChannel);
        }

        /**
         * Writes at once if nothing is queued and the socket takes it all; otherwise queues the rest and asks the
         * loop to write when the socket can take more. Safe from any thread.
         */
        private void write(ByteBuffer data) throws IOException {
            SocketChannel ch = channel;
            if (ch == null || closed) {
                throw new IOException("connection closed");
            }
            boolean wantWrite;
            synchronized (this) {
                if (pending.isEmpty()) {
                    ch.write(data);
                    if (!data.hasRemaining()) {
                        return;
                    }
                }
                pending.add(data);
                wantWrite = pending.size() == 1;
            }
            if (wantWrite) {
                loop.submit(() -> {
                    SelectionKey k = selectionKey;
                    if (k != null && k.isValid()) {
                        k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
                    }
                });
            }
        }

        /** On the loop: writes what is queued, and stops asking for writability once all is written. */
        void flush() throws IOException {
            synchronized (this) {
                while (!pending.isEmpty()) {
                    ByteBuffer head = pending.peek();
                    channel.write(head);
                    if (head.hasRemaining()) {
                        return;
                    }
                    pending.poll();
                }
            }
            selectionKey.interestOps(selectionKey.interestOps() & ~SelectionKey.OP_WRITE);
        }

        void fail(Throwable failure) {
            closeChannel();
            if (!handshake.isDone()) {
                handshake.completeExceptionally(failure);
            } else {
                connection.failed(failure);
            }
        }

        private void closeChannel() {
            closed = true;
            SocketChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private static byte[] closePayload(int status) {
            return new byte[] {(byte) (status >>> 8), (byte) status};
        }

        /** A client frame: FIN set, the opcode, masked with a fresh key as RFC 6455 requires of clients. */
        static ByteBuffer frame(int opcode, byte[] payload) {
            int length = payload.length;
            int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
            ByteBuffer out = ByteBuffer.allocate(header + 4 + length);
            out.put((byte) (0x80 | opcode));
            if (length < 126) {
                out.put((byte) (0x80 | length));
            } else if (length < 65536) {
                out.put((byte) (0x80 | 126)).putShort((short) length);
            } else {
                out.put((byte) (0x80 | 127)).putLong(length);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            out.putInt(mask);
            byte[] maskBytes = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
            for (int i = 0; i < length; i++) {
                out.put((byte) (payload[i] ^ maskBytes[i & 3]));
            }
            return out.flip();
        }
    }

    static String expectedAccept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}

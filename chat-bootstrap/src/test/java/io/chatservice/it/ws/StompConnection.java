package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * One client's STOMP session with the server, as a test drives it: subscriptions whose RECEIPT has been seen
 * (so they are live), a queue of received frames per subscribed destination, SENDs with or without a receipt,
 * and waits with deadlines. Every connection subscribes to its own {@link #ACKS} and {@link #ERRORS} queues
 * before it is handed out.
 */
public final class StompConnection implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final String ACKS = "/user/queue/acks";
    public static final String ERRORS = "/user/queue/errors";

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String label;
    private final ObservedWebSocketClient socket;
    private final WebSocketStompClient client;
    private final Map<String, FrameInbox> inboxes = new ConcurrentHashMap<>();
    private final Map<String, StompSession.Subscription> subscriptions = new ConcurrentHashMap<>();
    private final FrameInbox errorFrames;
    private final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    private final List<Throwable> handlingFailures = new ArrayList<>();
    private volatile @Nullable StompSession session;
    private volatile @Nullable StompHeaders connectedHeaders;

    StompConnection(String label, ObservedWebSocketClient socket, WebSocketStompClient client) {
        this.label = label;
        this.socket = socket;
        this.client = client;
        this.errorFrames = new FrameInbox(label + " ERROR frames");
    }

    // Lifecycle, used by StompTestClient.

    StompSessionHandler handler() {
        return new StompSessionHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, @Nullable Object payload) {
                // Only ERROR frames reach the session handler; MESSAGE frames go to their subscription.
                errorFrames.add(new ReceivedFrame(headers, payload == null ? new byte[0] : (byte[]) payload));
            }

            @Override
            public void afterConnected(StompSession connected, StompHeaders headers) {
                connectedHeaders = headers;
            }

            @Override
            public void handleException(StompSession failed, @Nullable StompCommand command, StompHeaders headers,
                    byte[] payload, Throwable exception) {
                synchronized (handlingFailures) {
                    handlingFailures.add(exception);
                }
            }

            @Override
            public void handleTransportError(StompSession failed, Throwable exception) {
                lost.complete(exception);
            }
        };
    }

    void attach(StompSession connected) {
        this.session = connected;
    }

    FrameInbox errorFrameInbox() {
        return errorFrames;
    }

    // What a test uses.

    public String label() {
        return label;
    }

    public StompHeaders connectedHeaders() {
        StompHeaders headers = connectedHeaders;
        assertThat(headers).as("CONNECTED headers of %s", label).isNotNull();
        return headers;
    }

    /** The most STOMP frames the server sent in one WebSocket message on this connection so far. */
    public int mostFramesInOneWebSocketMessage() {
        return socket.mostFramesInOneMessage();
    }

    public boolean isConnected() {
        StompSession current = session;
        return current != null && current.isConnected() && !lost.isDone();
    }

    /** Subscribes and waits for the server's RECEIPT, after which the subscription is live; its id. */
    public String subscribe(String destination) {
        String id = nextId("sub");
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setId(id);
        headers.setReceipt(nextId("subscribed"));
        CompletableFuture<StompHeaders> receipt = new CompletableFuture<>();
        StompSession.Subscription subscription = session().subscribe(headers, collectInto(destination));
        subscription.addReceiptTask(receipt::complete);
        subscription.addReceiptLostTask(() -> receipt.completeExceptionally(new TimeoutException("receipt lost")));
        subscriptions.put(destination, subscription);
        await(receipt, "RECEIPT for SUBSCRIBE " + destination);
        return id;
    }

    /**
     * Subscribes to a destination the server must refuse and returns the error it sent to {@link #ERRORS} for
     * this subscription id. The frames of the refused subscription, if any came, would land in its inbox.
     */
    public ReceivedFrame subscribeRefused(String destination) {
        String id = nextId("sub");
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setId(id);
        subscriptions.put(destination, session().subscribe(headers, collectInto(destination)));
        return next(ERRORS, frame -> id.equals(frame.field("subscriptionId")),
                "the error for the refused SUBSCRIBE " + destination + " (id " + id + ")");
    }

    public void unsubscribe(String destination) {
        StompSession.Subscription subscription = subscriptions.remove(destination);
        assertThat(subscription).as("%s is subscribed to %s", label, destination).isNotNull();
        subscription.unsubscribe();
    }

    /** SEND with {@code body} written as JSON, without a receipt. */
    public void send(String destination, Object body) {
        sendText(destination, ReceivedFrame.JSON.writeValueAsString(body));
    }

    public void sendText(String destination, String body) {
        session().send(sendHeaders(destination), body.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(String destination, byte[] body) {
        session().send(sendHeaders(destination), body);
    }

    /** SEND with a {@code receipt} header; the returned receipt completes when the server's RECEIPT arrives. */
    public Receipt sendWithReceipt(String destination, Object body) {
        return sendTextWithReceipt(destination, ReceivedFrame.JSON.writeValueAsString(body));
    }

    public Receipt sendTextWithReceipt(String destination, String body) {
        StompHeaders headers = sendHeaders(destination);
        headers.setReceipt(nextId("sent"));
        CompletableFuture<StompHeaders> arrived = new CompletableFuture<>();
        StompSession.Receiptable receiptable = session().send(headers, body.getBytes(StandardCharsets.UTF_8));
        receiptable.addReceiptTask(arrived::complete);
        receiptable.addReceiptLostTask(() -> arrived.completeExceptionally(new TimeoutException("receipt lost")));
        return new Receipt(destination, arrived);
    }

    /** Sends a text message to a room the way the API describes: {@code {clientMsgId, content}}, with receipt. */
    public Receipt sendMessage(String roomId, String clientMsgId, String content) {
        return sendWithReceipt(Destinations.messages(roomId), message(clientMsgId, content));
    }

    /** Sends a message and waits for its RECEIPT and its ack; the ack. */
    public ReceivedFrame sendAndAwaitAck(String roomId, String clientMsgId, String content) {
        Receipt receipt = sendMessage(roomId, clientMsgId, content);
        ReceivedFrame ack = ack(clientMsgId);
        receipt.await();
        return ack;
    }

    public static Map<String, Object> message(String clientMsgId, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientMsgId", clientMsgId);
        body.put("content", content);
        return body;
    }

    /** Removes and returns the first frame received on {@code destination}, waiting up to {@link #TIMEOUT}. */
    public ReceivedFrame next(String destination) {
        return next(destination, frame -> true, "a frame");
    }

    public ReceivedFrame next(String destination, Predicate<ReceivedFrame> match, String what) {
        ReceivedFrame frame = inbox(destination).poll(match, TIMEOUT);
        if (frame == null) {
            throw new AssertionError(label + " received no " + what + " on " + destination + " within " + TIMEOUT
                    + "; " + state());
        }
        return frame;
    }

    /** The next {@code count} frames on {@code destination}, in arrival order. */
    public List<ReceivedFrame> next(String destination, int count, Duration timeout) {
        List<ReceivedFrame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < count) {
            ReceivedFrame frame = inbox(destination).poll(
                    any -> true, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (frame == null) {
                throw new AssertionError(label + " received " + frames.size() + " of " + count + " frames on "
                        + destination + " within " + timeout + "; " + state());
            }
            frames.add(frame);
        }
        return frames;
    }

    /**
     * Waits for a frame matching {@code marker} and returns it with every frame that came before it on that
     * destination: a test that expects nothing but the marker checks the list has one element.
     */
    public List<ReceivedFrame> through(String destination, Predicate<ReceivedFrame> marker, String what) {
        List<ReceivedFrame> frames = inbox(destination).pollThrough(marker, TIMEOUT);
        if (frames == null) {
            throw new AssertionError(label + " received no " + what + " on " + destination + " within " + TIMEOUT
                    + "; " + state());
        }
        return frames;
    }

    /** Like {@link #next(String, Predicate, String)}, with its own timeout and empty when nothing matched in time. */
    public Optional<ReceivedFrame> poll(String destination, Predicate<ReceivedFrame> match, Duration timeout) {
        return Optional.ofNullable(inbox(destination).poll(match, timeout));
    }

    /** What arrived on {@code destination} and was not taken yet. */
    public List<ReceivedFrame> pending(String destination) {
        return inbox(destination).snapshot();
    }

    public ReceivedFrame ack(String clientMsgId) {
        return next(ACKS, frame -> clientMsgId.equals(frame.field("clientMsgId")), "ack for " + clientMsgId);
    }

    public ReceivedFrame errorFor(String clientMsgId) {
        return next(ERRORS, frame -> clientMsgId.equals(frame.field("clientMsgId")), "error for " + clientMsgId);
    }

    public ReceivedFrame nextError() {
        return next(ERRORS);
    }

    /** The room event of that type about that message, from the room topic subscription. */
    public ReceivedFrame event(String roomId, String type, String messageId) {
        return next(Destinations.room(roomId), frame -> type.equals(frame.field("type"))
                && messageId.equals(frame.messageId()),
                type + " of " + messageId);
    }

    /** The ERROR frame the server sent on this session, waiting up to {@link #TIMEOUT}. */
    public ReceivedFrame awaitErrorFrame() {
        ReceivedFrame frame = errorFrames.poll(any -> true, TIMEOUT);
        if (frame == null) {
            throw new AssertionError(label + " received no ERROR frame within " + TIMEOUT + "; " + state());
        }
        return frame;
    }

    /** The ERROR frames received so far. */
    public List<ReceivedFrame> errorFramesReceived() {
        return errorFrames.snapshot();
    }

    /** Waits until the server closed the connection; the close status it gave. */
    public CloseStatus awaitClosed(Duration timeout) {
        return await(socket.closeStatus(), "the server to close the connection", timeout);
    }

    /**
     * The frames received on {@code destination} as the server closed the connection, taken when the close is
     * reported (on the thread that delivered the frames before it): every frame in it arrived before the close. Call
     * before the close.
     */
    public CompletableFuture<List<ReceivedFrame>> receivedBeforeClose(String destination) {
        FrameInbox inbox = inbox(destination);
        return socket.closeStatus().handle((status, failure) -> inbox.snapshot());
    }

    public @Nullable CloseStatus closeStatusIfClosed() {
        return socket.closeStatus().getNow(null);
    }

    /** Fails when the client could not make sense of a frame (an undecodable payload, a handler failure). */
    public void assertNoHandlingFailures() {
        synchronized (handlingFailures) {
            assertThat(handlingFailures).as("frames %s could not handle", label).isEmpty();
        }
    }

    @Override
    public void close() {
        StompSession current = session;
        try {
            if (current != null && current.isConnected()) {
                current.disconnect();
            }
        } catch (RuntimeException alreadyGone) {
            // The server may have closed it first; nothing left to release on this side but the client.
        } finally {
            client.stop();
        }
    }

    public final class Receipt {

        private final String destination;
        private final CompletableFuture<StompHeaders> arrived;

        private Receipt(String destination, CompletableFuture<StompHeaders> arrived) {
            this.destination = destination;
            this.arrived = arrived;
        }

        public void await() {
            StompConnection.this.await(arrived, "RECEIPT for SEND " + destination);
        }
    }

    @Override
    public String toString() {
        return label;
    }

    // Internals.

    private StompFrameHandler collectInto(String destination) {
        FrameInbox inbox = inbox(destination);
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, @Nullable Object payload) {
                inbox.add(new ReceivedFrame(headers, payload == null ? new byte[0] : (byte[]) payload));
            }
        };
    }

    private FrameInbox inbox(String destination) {
        return inboxes.computeIfAbsent(destination, name -> new FrameInbox(label + " " + name));
    }

    private static StompHeaders sendHeaders(String destination) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        return headers;
    }

    private StompSession session() {
        StompSession current = session;
        assertThat(current).as("%s is connected", label).isNotNull();
        return current;
    }

    private static String nextId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        return await(future, what, TIMEOUT);
    }

    private <T> T await(CompletableFuture<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": no " + what + " within " + timeout + "; " + state(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(label + ": " + what + " failed: " + e.getCause() + "; " + state(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /** Everything a failure message should show: what arrived where, and whether the connection is gone. */
    private String state() {
        return "received so far " + inboxes.values() + ", " + errorFrames
                + (lost.isDone() ? ", connection lost: " + lost.getNow(null) : "")
                + (socket.closeStatus().isDone() ? ", closed with " + socket.closeStatus().getNow(null) : "");
    }
}

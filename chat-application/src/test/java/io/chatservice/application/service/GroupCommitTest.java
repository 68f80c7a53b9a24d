package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static io.chatservice.application.service.ChatScenario.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The message service with group commit on, over the in-memory fakes. To make a batch deterministic, the
 * committer's first transaction is held at a gate while the other sends queue behind it; the next transaction
 * then takes all of them.
 */
@Timeout(30)
class GroupCommitTest {

    private final ChatScenario scenario = new ChatScenario();
    private final ChatServices chat = scenario.chat;
    private final GatedTransactions transactions = new GatedTransactions(chat.transactions());
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private MessageService messages = batched(chat.store(), chat.store());
    private RoomId roomId;

    @BeforeEach
    void aliceOwnsARoomWithBobAndCarol() {
        roomId = scenario.createRoom(ALICE, Visibility.PUBLIC, BOB, CAROL);
        chat.events().clear();
    }

    @AfterEach
    void stop() {
        transactions.open();
        messages.close();
        callers.shutdownNow();
    }

    private MessageService batched(LoadMessagePort loadMessages, SaveMessagePort saveMessages) {
        return new MessageService(chat.store(), loadMessages, saveMessages, chat.events(), transactions,
                chat.rateLimit(), chat.clock(), SendBatching.upTo(64));
    }

    @Test
    void concurrentSendsAreCommittedInFewerTransactionsThanSends() throws Exception {
        Future<SendResult> first = holdTheCommitterWith(ALICE, "first");
        long commitsBefore = chat.transactions().commitCount();
        List<Future<SendResult>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(send(i % 2 == 0 ? BOB : CAROL, "queued " + i));
        }
        awaitQueued(20);

        transactions.open();

        assertThat(first.get().message().seq()).isEqualTo(4);
        List<Long> seqs = new ArrayList<>();
        for (Future<SendResult> result : queued) {
            assertThat(result.get().duplicate()).isFalse();
            seqs.add(result.get().message().seq());
        }
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(5, 24).boxed().toList());
        assertThat(chat.transactions().commitCount() - commitsBefore).isEqualTo(2);
        assertThat(messages.sendStatistics()).isEqualTo(new SendStatistics(2, 21, 0));
        assertThat(scenario.lastSeq(roomId)).isEqualTo(24);
        assertThat(chat.store().messagesIn(roomId)).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 24).boxed().toList());
        assertThat(scenario.publishedSeqs(roomId)).containsExactlyElementsOf(LongStream.rangeClosed(4, 24).boxed().toList());
    }

    @Test
    void eachRoomsSeqsFollowTheQueueOrder() throws Exception {
        RoomId otherRoom = scenario.createRoom(BOB, Visibility.PUBLIC, ALICE);
        Future<SendResult> first = holdTheCommitterWith(ALICE, "first");
        List<Future<SendResult>> inRoom = new ArrayList<>();
        List<Future<SendResult>> inOtherRoom = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inRoom.add(sendAndAwaitQueued(new SendMessageCommand(ALICE, roomId, ClientMsgId.of("r-" + i),
                    MessageContent.of("room " + i))));
            inOtherRoom.add(sendAndAwaitQueued(new SendMessageCommand(BOB, otherRoom, ClientMsgId.of("o-" + i),
                    MessageContent.of("other room " + i))));
        }

        transactions.open();

        first.get();
        for (int i = 0; i < 10; i++) {
            assertThat(inRoom.get(i).get().message().seq()).isEqualTo(5 + i);
            assertThat(inRoom.get(i).get().message().content()).isEqualTo(MessageContent.of("room " + i));
            assertThat(inOtherRoom.get(i).get().message().seq()).isEqualTo(3 + i);
        }
        assertThat(messages.sendStatistics().batches()).isEqualTo(2);
    }

    @Test
    void aClientMsgIdRepeatedWithinOneBatchIsAnsweredWithTheFirstMessageAsDuplicate() throws Exception {
        Future<SendResult> first = holdTheCommitterWith(BOB, "first");
        Future<SendResult> original = sendAndAwaitQueued(command(ALICE, "c-1", "hello"));
        Future<SendResult> neighbour = sendAndAwaitQueued(command(CAROL, "c-1", "same id, other sender"));
        Future<SendResult> retry = sendAndAwaitQueued(command(ALICE, "c-1", "hello"));

        transactions.open();

        first.get();
        assertThat(original.get().duplicate()).isFalse();
        assertThat(original.get().message().seq()).isEqualTo(5);
        assertThat(neighbour.get().duplicate()).isFalse();
        assertThat(neighbour.get().message().seq()).isEqualTo(6);
        assertThat(retry.get()).isEqualTo(new SendResult(original.get().message(), true));
        assertThat(chat.store().messagesIn(roomId)).hasSize(6);
        assertThat(scenario.publishedSeqs(roomId)).containsExactly(4L, 5L, 6L);
        assertThat(messages.sendStatistics()).isEqualTo(new SendStatistics(2, 4, 0));
    }

    @Test
    void aClientMsgIdStoredBeforeIsAnsweredWithTheStoredMessageFromTheBatch() throws Exception {
        Message stored = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();
        chat.events().clear();
        Future<SendResult> first = holdTheCommitterWith(BOB, "first");
        Future<SendResult> retry = sendAndAwaitQueued(command(ALICE, "c-1", "hello"));
        Future<SendResult> fresh = sendAndAwaitQueued(command(CAROL, "c-2", "fresh"));

        transactions.open();

        assertThat(first.get().message().seq()).isEqualTo(5);
        assertThat(retry.get()).isEqualTo(new SendResult(stored, true));
        assertThat(fresh.get().message().seq()).isEqualTo(6);
        assertThat(scenario.publishedSeqs(roomId)).containsExactly(5L, 6L);
    }

    @Test
    void refusedSendsInABatchGetTheirOwnErrorAndTakeNoSeqFromTheOthers() throws Exception {
        Future<SendResult> first = holdTheCommitterWith(ALICE, "first");
        Future<SendResult> before = sendAndAwaitQueued(command(BOB, "b-1", "before"));
        Future<SendResult> outsider = sendAndAwaitQueued(command(DAVE, "d-1", "not a member"));
        Future<SendResult> nowhere = sendAndAwaitQueued(
                new SendMessageCommand(ALICE, RoomId.newId(), ClientMsgId.of("a-1"), MessageContent.of("no room")));
        Future<SendResult> after = sendAndAwaitQueued(command(CAROL, "c-1", "after"));
        long commitsBefore = chat.transactions().commitCount();

        transactions.open();

        first.get();
        assertThat(before.get().message().seq()).isEqualTo(5);
        assertThat(after.get().message().seq()).isEqualTo(6);
        assertThatThrownBy(outsider::get).cause().isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(nowhere::get).cause().isInstanceOf(NotFoundException.class);
        assertThat(chat.transactions().commitCount() - commitsBefore).isEqualTo(2);
        assertThat(chat.transactions().rollbackCount()).isZero();
        assertThat(scenario.publishedSeqs(roomId)).containsExactly(4L, 5L, 6L);
    }

    @Test
    void aBatchWhoseTransactionFailsIsRetriedOneSendPerTransaction() throws Exception {
        AtomicBoolean failNextBatch = new AtomicBoolean(true);
        messages.close();
        messages = batched(chat.store(), new SaveMessagePortView(chat.store()) {
            @Override
            public void appendMessages(List<Message> batch) {
                super.appendMessages(batch);
                if (batch.size() > 1 && failNextBatch.getAndSet(false)) {
                    throw new IllegalStateException("could not serialize access");
                }
            }
        });
        Future<SendResult> first = holdTheCommitterWith(ALICE, "first");
        List<Future<SendResult>> queued = new ArrayList<>();
        for (Caller sender : List.of(BOB, CAROL, ALICE, BOB)) {
            queued.add(sendAndAwaitQueued(new SendMessageCommand(
                    sender, roomId, ClientMsgId.of("q-" + queued.size()), MessageContent.of("queued"))));
        }

        transactions.open();

        first.get();
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get().message().seq()).isEqualTo(5 + i);
        }
        assertThat(chat.transactions().rollbackCount()).isEqualTo(1);
        assertThat(messages.sendStatistics()).isEqualTo(new SendStatistics(1, 1, 1));
        assertThat(chat.store().messagesIn(roomId)).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 8).boxed().toList());
        assertThat(scenario.publishedSeqs(roomId)).containsExactlyElementsOf(LongStream.rangeClosed(4, 8).boxed().toList());
    }

    @Test
    void aClientMsgIdTakenByARacingWriterFailsTheBatchButOnlyThatSendIsAnsweredAsDuplicate() throws Exception {
        Message stored = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();
        chat.events().clear();
        // Another writer's insert that the batch's duplicate check did not see: only the constraint stops it.
        messages.close();
        messages = batched(new LoadMessagePortView(chat.store()) {
            @Override
            public List<Message> findByClientMsgIds(Collection<ClientMsgKey> keys) {
                return List.of();
            }
        }, chat.store());
        Future<SendResult> first = holdTheCommitterWith(BOB, "first");
        Future<SendResult> neighbour = sendAndAwaitQueued(command(CAROL, "c-7", "innocent"));
        Future<SendResult> racer = sendAndAwaitQueued(command(ALICE, "c-1", "hello"));

        transactions.open();

        assertThat(first.get().message().seq()).isEqualTo(5);
        assertThat(neighbour.get()).satisfies(result -> {
            assertThat(result.duplicate()).isFalse();
            assertThat(result.message().seq()).isEqualTo(6);
        });
        assertThat(racer.get()).isEqualTo(new SendResult(stored, true));
        assertThat(messages.sendStatistics().fallbacks()).isEqualTo(1);
        assertThat(scenario.publishedSeqs(roomId)).containsExactly(5L, 6L);
    }

    @Test
    void whenNoTransactionCanBeginTheWholeBatchFailsAndTheCommitterGoesOn() throws Exception {
        Future<SendResult> first = holdTheCommitterWith(ALICE, "first");
        List<Future<SendResult>> queued = new ArrayList<>();
        queued.add(sendAndAwaitQueued(command(BOB, "b-1", "one")));
        queued.add(sendAndAwaitQueued(command(CAROL, "c-1", "two")));
        Error noConnection = new OutOfMemoryError("pretend: could not open a connection");
        transactions.failNextBegin(noConnection);

        transactions.open();

        first.get();
        for (Future<SendResult> result : queued) {
            assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause().isSameAs(noConnection);
        }
        assertThat(transactions.begun()).isEqualTo(2);
        assertThat(send(BOB, "still served").get().message().seq()).isEqualTo(5);
    }

    /** As without group commit: the send is part of the caller's transaction and rolls back with it. */
    @Test
    void aSendInsideTheCallersTransactionJoinsItInsteadOfTheBatch() {
        long lastSeq = scenario.lastSeq(roomId);

        assertThatThrownBy(() -> chat.transactions().inTransaction(() -> {
                    SendResult sent = messages.sendMessage(command(ALICE, "c-1", "never committed"));
                    assertThat(sent.message().seq()).isEqualTo(lastSeq + 1);
                    throw new IllegalStateException("the caller rolls back");
                }))
                .hasMessage("the caller rolls back");

        assertThat(scenario.lastSeq(roomId)).isEqualTo(lastSeq);
        assertThat(chat.store().messagesIn(roomId)).hasSize((int) lastSeq);
        assertThat(scenario.published()).isEmpty();
        assertThat(messages.sendStatistics()).isEqualTo(new SendStatistics(0, 0, 0));
    }

    @Test
    void closingAnswersEverySendQueuedBeforeAndLaterSendsRunAlone() throws Exception {
        Future<SendResult> first = holdTheCommitterWith(ALICE, "first");
        List<Future<SendResult>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(sendAndAwaitQueued(command(BOB, "b-" + i, "queued " + i)));
        }
        Future<?> closing = callers.submit(messages::close);
        assertThatThrownBy(() -> closing.get(200, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);

        transactions.open();
        closing.get();

        first.get();
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get().message().seq()).isEqualTo(5 + i);
        }
        SendStatistics afterClose = messages.sendStatistics();
        assertThat(messages.sendMessage(command(CAROL, "c-1", "after close")).message().seq()).isEqualTo(10);
        assertThat(messages.sendStatistics()).isEqualTo(afterClose);
        assertThat(chat.store().messagesIn(roomId)).hasSize(10);
    }

    /** A send whose transaction the committer holds until {@code transactions.open()}. */
    private Future<SendResult> holdTheCommitterWith(Caller caller, String text) {
        transactions.closeGate();
        Future<SendResult> send = send(caller, text);
        transactions.awaitHeld();
        return send;
    }

    private Future<SendResult> send(Caller caller, String text) {
        return send(new SendMessageCommand(caller, roomId, ClientMsgId.of(MessageId.newId().value()),
                MessageContent.of(text)));
    }

    private Future<SendResult> send(SendMessageCommand command) {
        return callers.submit(() -> messages.sendMessage(command));
    }

    private Future<SendResult> sendAndAwaitQueued(SendMessageCommand command) {
        int before = messages.queuedSends();
        Future<SendResult> result = send(command);
        awaitQueued(before + 1);
        return result;
    }

    private SendMessageCommand command(Caller caller, String clientMsgId, String text) {
        return new SendMessageCommand(caller, roomId, ClientMsgId.of(clientMsgId), MessageContent.of(text));
    }

    private void awaitQueued(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messages.queuedSends() < count) {
            if (System.nanoTime() > deadline) {
                fail("only " + messages.queuedSends() + " of " + count + " sends queued");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Holds the read-write transaction that begins while the gate is closed until the gate opens (before it
     * begins, so it holds no lock meanwhile); counts the read-write transactions begun; and can refuse to begin.
     */
    private static final class GatedTransactions implements TransactionPort {

        private final TransactionPort delegate;
        private final AtomicInteger begun = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile CountDownLatch held = new CountDownLatch(1);
        private volatile @Nullable Error refusal;

        GatedTransactions(TransactionPort delegate) {
            this.delegate = delegate;
        }

        void closeGate() {
            held = new CountDownLatch(1);
            gate = new CountDownLatch(1);
        }

        void awaitHeld() {
            try {
                assertThat(held.await(10, TimeUnit.SECONDS)).as("a transaction reached the gate").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        void open() {
            gate.countDown();
        }

        void failNextBegin(Error failure) {
            refusal = failure;
        }

        int begun() {
            return begun.get();
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            begun.incrementAndGet();
            Error failure = refusal;
            refusal = null;
            held.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return delegate.inTransaction(work);
        }

        @Override
        public <T> T readOnly(Supplier<T> work) {
            return delegate.readOnly(work);
        }

        @Override
        public boolean isActive() {
            return delegate.isActive();
        }
    }

    private static class SaveMessagePortView implements SaveMessagePort {

        private final SaveMessagePort delegate;

        SaveMessagePortView(SaveMessagePort delegate) {
            this.delegate = delegate;
        }

        @Override
        public void insertMessage(Message message) {
            delegate.insertMessage(message);
        }

        @Override
        public void appendMessages(List<Message> batch) {
            delegate.appendMessages(batch);
        }

        @Override
        public void updateMessage(Message message) {
            delegate.updateMessage(message);
        }
    }
}

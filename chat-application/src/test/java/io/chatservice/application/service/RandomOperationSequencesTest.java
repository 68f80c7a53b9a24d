package io.chatservice.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.HistoryPage;
import io.chatservice.application.port.in.HistoryQuery;
import io.chatservice.application.port.in.JoinRoomCommand;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.PageLimit;
import io.chatservice.application.port.in.RemoveMemberCommand;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.SyncPage;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.application.port.in.UnreadQuery;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MemberJoined;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageEdited;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.DomainException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Property test of the domain's invariants: random sequences of send, edit, delete, join, add, leave and remove
 * by random users (members and strangers, owners and not) in two rooms, run through the application services
 * over the in-memory fakes and, side by side, through a model of the documented rules (ADR 0006: the order of
 * checks, idempotent sends and deletes, ownership succession). After every step:
 *
 * <ul>
 *   <li>every operation the model refuses fails with the documented exception and changes nothing at all;
 *       every operation it accepts publishes exactly the events the model expects;
 *   <li>the room's events have seqs 1..lastSeq, no gap, no duplicate;
 *   <li>every message's {@code lastEventSeq} is the seq of its last event, which carries it as stored;
 *   <li>a tombstone never changes again and has no content;
 *   <li>a room with members has exactly one OWNER, the one the succession rule names;
 * </ul>
 *
 * and at the end of each sequence, sync from every seq returns exactly the messages changed after it, once, in
 * {@code lastEventSeq} order, however small the pages; history pages back through every message.
 *
 * <p>Randomized with a seed rather than with a property-testing library: each sequence's seed is in the failure
 * message, and {@code -Dchat.invariants.seed=<seed> -Dchat.invariants.tries=1} replays exactly that sequence.
 */
class RandomOperationSequencesTest {

    private static final int TRIES = Integer.getInteger("chat.invariants.tries", 300);
    private static final int STEPS = Integer.getInteger("chat.invariants.steps", 60);
    private static final long FIRST_SEED = Long.getLong("chat.invariants.seed", new SecureRandom().nextLong());

    private static final List<Caller> USERS = List.of(
            new Caller(UserId.of("ann"), "Ann"),
            new Caller(UserId.of("ben"), "Ben"),
            new Caller(UserId.of("cat"), null),
            new Caller(UserId.of("dan"), "Dan"),
            new Caller(UserId.of("eve"), "Eve"));

    private static final List<String> CONTENTS = List.of(
            "hi", "  padded  ", "\uD83D\uDC69\u200D\uD83D\uDCBB \uD83D\uDC4D\uD83C\uDFFD", "\u05E9\u05DC\u05D5\u05DD \u200F!",
            "e\u0301", "'); DROP TABLE message;--", "<script>alert(1)</script>", "x".repeat(4000));

    @Test
    void anySequenceOfOperationsKeepsTheRoomInvariants() {
        for (int i = 0; i < TRIES; i++) {
            long seed = FIRST_SEED + i;
            Run run = new Run(seed);
            try {
                run.execute();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("invariant broken in the sequence with seed " + seed
                        + " (replay: -Dchat.invariants.seed=" + seed + " -Dchat.invariants.tries=1); steps:\n"
                        + String.join("\n", run.log), failure);
            }
        }
    }

    /** One random sequence: its services, its model, and what happened so far. */
    private static final class Run {

        final Random random;
        final ChatServices chat = ChatServices.create();
        final Map<RoomId, ModelRoom> model = new LinkedHashMap<>();
        final List<RoomId> roomIds = new ArrayList<>();
        /** Every tombstone seen, as first seen: none may ever change. */
        final Map<MessageId, Message> tombstones = new HashMap<>();
        final Map<UserId, List<String>> usedClientMsgIds = new HashMap<>();
        final List<String> log = new ArrayList<>();
        int clientMsgIds;

        Run(long seed) {
            this.random = new Random(seed);
        }

        void execute() {
            createRoom();
            createRoom();
            for (int step = 0; step < STEPS; step++) {
                chat.clock().advance(Duration.ofMillis(1 + random.nextInt(1000)));
                step();
                checkInvariants();
            }
            for (RoomId roomId : roomIds) {
                checkSyncFromEverySeq(roomId);
                checkHistory(roomId);
            }
        }

        // Operations

        private void createRoom() {
            Caller creator = anyUser();
            Visibility visibility = random.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE;
            LinkedHashSet<UserId> others = new LinkedHashSet<>();
            for (Caller user : shuffled(USERS)) {
                if (random.nextInt(3) == 0) {
                    others.add(user.id());
                }
            }
            log.add("create " + visibility + " by " + creator.id() + " with " + others);
            int before = chat.events().published().size();
            RoomId roomId = chat.rooms()
                    .createRoom(new CreateRoomCommand(creator, RoomName.of("room"), visibility, others))
                    .id();
            ModelRoom room = new ModelRoom(roomId, visibility);
            model.put(roomId, room);
            roomIds.add(roomId);
            List<Expected> expected = new ArrayList<>();
            expected.add(room.admit(creator.id()));
            others.stream().filter(user -> !user.equals(creator.id()))
                    .forEach(user -> expected.add(room.admit(user)));
            checkNewEvents(before, expected);
        }

        private void step() {
            int dice = random.nextInt(100);
            RoomId roomId = roomIds.get(random.nextInt(roomIds.size()));
            // Mostly a member, so that most operations get past the membership check and the room lives on.
            Caller member = anyMemberOf(model.get(roomId));
            Caller user = member != null && random.nextInt(4) != 0 ? member : anyUser();
            if (dice < 30) {
                send(user, roomId);
            } else if (dice < 48) {
                edit(user, roomId);
            } else if (dice < 64) {
                delete(user, roomId);
            } else if (dice < 72) {
                join(user, roomId);
            } else if (dice < 80) {
                add(user, roomId, anyUser());
            } else if (dice < 86) {
                remove(user, roomId, user);
            } else if (dice < 93) {
                remove(user, roomId, anyUser());
            } else {
                readAsAnyone(user, roomId);
            }
        }

        private void send(Caller user, RoomId roomId) {
            List<String> used = usedClientMsgIds.computeIfAbsent(user.id(), id -> new ArrayList<>());
            String clientMsgId = !used.isEmpty() && random.nextInt(5) == 0
                    ? used.get(random.nextInt(used.size()))
                    : "c-" + ++clientMsgIds;
            String text = CONTENTS.get(random.nextInt(CONTENTS.size()));
            ModelRoom room = model.get(roomId);
            log.add("send " + clientMsgId + " by " + user.id() + " in " + room);
            SendMessageCommand command = new SendMessageCommand(
                    user, roomId, ClientMsgId.of(clientMsgId), MessageContent.of(text));
            if (!room.isMember(user.id())) {
                refused(PermissionDeniedException.class, () -> chat.messages().sendMessage(command));
                return;
            }
            ModelMessage original = room.byClientMsgId(user.id(), clientMsgId);
            int before = chat.events().published().size();
            SendResult result = chat.messages().sendMessage(command);
            if (original != null) {
                // Idempotent: the message as it is now (perhaps edited or deleted since), and no event.
                assertThat(result.duplicate()).as("a repeated clientMsgId is a duplicate").isTrue();
                original.assertMatches(result.message());
                checkNewEvents(before, List.of());
                return;
            }
            assertThat(result.duplicate()).isFalse();
            used.add(clientMsgId);
            ModelMessage sent = new ModelMessage(MessageType.TEXT, ++room.lastSeq, user.id(), clientMsgId,
                    MessageContent.of(text).value());
            checkNewEvents(before, List.of(new Expected(MessageSent.class, sent)));
        }

        private void edit(Caller user, RoomId roomId) {
            ModelRoom room = model.get(roomId);
            MessageId target = random.nextBoolean() ? anyTextMessageId(roomId, user.id()) : anyMessageId(roomId);
            String text = CONTENTS.get(random.nextInt(CONTENTS.size()));
            log.add("edit " + target + " by " + user.id() + " in " + room);
            EditMessageCommand command = new EditMessageCommand(user, roomId, target, MessageContent.of(text));
            ModelMessage message = room.messages.get(target);
            Class<? extends DomainException> refusal = !room.isMember(user.id()) ? PermissionDeniedException.class
                    : message == null ? NotFoundException.class
                    : message.type != MessageType.TEXT ? ConflictException.class
                    : !message.sender.equals(user.id()) ? PermissionDeniedException.class
                    : message.deleted ? ConflictException.class
                    : null;
            if (refusal != null) {
                refused(refusal, () -> chat.messages().editMessage(command));
                return;
            }
            int before = chat.events().published().size();
            chat.messages().editMessage(command);
            message.content = MessageContent.of(text).value();
            message.lastEventSeq = ++room.lastSeq;
            checkNewEvents(before, List.of(new Expected(MessageEdited.class, message)));
        }

        private void delete(Caller user, RoomId roomId) {
            ModelRoom room = model.get(roomId);
            MessageId target = random.nextInt(3) != 0
                    ? anyTextMessageId(roomId, random.nextBoolean() ? user.id() : null)
                    : anyMessageId(roomId);
            log.add("delete " + target + " by " + user.id() + " in " + room);
            DeleteMessageCommand command = new DeleteMessageCommand(user, roomId, target);
            ModelMessage message = room.messages.get(target);
            Class<? extends DomainException> refusal = !room.isMember(user.id()) ? PermissionDeniedException.class
                    : message == null ? NotFoundException.class
                    : message.type != MessageType.TEXT ? ConflictException.class
                    : !message.sender.equals(user.id()) && !room.isOwner(user.id()) ? PermissionDeniedException.class
                    : null;
            if (refusal != null) {
                refused(refusal, () -> chat.messages().deleteMessage(command));
                return;
            }
            int before = chat.events().published().size();
            Message answer = chat.messages().deleteMessage(command);
            if (message.deleted) {
                // Deleting a tombstone is a no-op answered with the tombstone itself.
                assertThat(answer).isEqualTo(tombstones.get(target));
                checkNewEvents(before, List.of());
                return;
            }
            message.deleted = true;
            message.content = null;
            message.lastEventSeq = ++room.lastSeq;
            checkNewEvents(before, List.of(new Expected(MessageDeleted.class, message)));
        }

        private void join(Caller user, RoomId roomId) {
            ModelRoom room = model.get(roomId);
            log.add("join by " + user.id() + " of " + room);
            JoinRoomCommand command = new JoinRoomCommand(user, roomId);
            if (!room.isMember(user.id()) && room.visibility == Visibility.PRIVATE) {
                refused(PermissionDeniedException.class, () -> chat.rooms().joinRoom(command));
                return;
            }
            int before = chat.events().published().size();
            chat.rooms().joinRoom(command);
            checkNewEvents(before, room.isMember(user.id()) ? List.of() : List.of(room.admit(user.id())));
        }

        private void add(Caller actor, RoomId roomId, Caller user) {
            ModelRoom room = model.get(roomId);
            log.add("add " + user.id() + " by " + actor.id() + " to " + room);
            AddMemberCommand command = new AddMemberCommand(actor, roomId, user.id());
            if (!room.isMember(actor.id())) {
                refused(PermissionDeniedException.class, () -> chat.rooms().addMember(command));
                return;
            }
            int before = chat.events().published().size();
            chat.rooms().addMember(command);
            checkNewEvents(before, room.isMember(user.id()) ? List.of() : List.of(room.admit(user.id())));
        }

        private void remove(Caller actor, RoomId roomId, Caller target) {
            ModelRoom room = model.get(roomId);
            log.add("remove " + target.id() + " by " + actor.id() + " from " + room);
            RemoveMemberCommand command = new RemoveMemberCommand(actor, roomId, target.id());
            Class<? extends DomainException> refusal;
            if (actor.id().equals(target.id())) {
                refusal = room.isMember(actor.id()) ? null : NotFoundException.class;
            } else {
                refusal = !room.isMember(actor.id()) ? PermissionDeniedException.class
                        : !room.isOwner(actor.id()) ? PermissionDeniedException.class
                        : !room.isMember(target.id()) ? NotFoundException.class
                        : null;
            }
            if (refusal != null) {
                refused(refusal, () -> {
                    chat.rooms().removeMember(command);
                    return null;
                });
                return;
            }
            int before = chat.events().published().size();
            chat.rooms().removeMember(command);
            checkNewEvents(before, List.of(room.depart(target.id())));
        }

        /** Reads and the read marker: a stranger is refused each of them, and reading never writes. */
        private void readAsAnyone(Caller user, RoomId roomId) {
            ModelRoom room = model.get(roomId);
            log.add("read by " + user.id() + " of " + room);
            MessageId someMessage = anyMessageId(roomId);
            List<Supplier<?>> reads = List.of(
                    () -> chat.timeline().syncMessages(new SyncQuery(user, roomId, null, 0L, PageLimit.DEFAULT)),
                    () -> chat.timeline().loadHistory(new HistoryQuery(user, roomId, someMessage, PageLimit.DEFAULT)),
                    () -> chat.readMarkers().getUnread(new UnreadQuery(user, roomId)));
            for (Supplier<?> read : reads) {
                if (!room.isMember(user.id())) {
                    refused(PermissionDeniedException.class, read);
                } else {
                    State before = State.of(this);
                    try {
                        read.get();
                    } catch (NotFoundException unknownMessage) {
                        assertThat(room.messages).as("only a message of another room is not found")
                                .doesNotContainKey(someMessage);
                    }
                    assertThat(State.of(this)).as("a read changes nothing").isEqualTo(before);
                }
            }
            if (!room.isMember(user.id())) {
                refused(PermissionDeniedException.class,
                        () -> chat.readMarkers().markRead(new MarkReadCommand(user, roomId, someMessage)));
            }
        }

        /** The operation fails with exactly that exception, and nothing anywhere changes. */
        private void refused(Class<? extends DomainException> expected, Supplier<?> operation) {
            State before = State.of(this);
            try {
                operation.get();
            } catch (DomainException refusal) {
                assertThat(refusal).as("refusal, per the documented order of checks").isExactlyInstanceOf(expected);
                assertThat(State.of(this)).as("a refused operation changes nothing").isEqualTo(before);
                return;
            }
            throw new AssertionError("expected " + expected.getSimpleName() + ", but the operation succeeded");
        }

        // Invariants

        private void checkNewEvents(int publishedBefore, List<Expected> expected) {
            List<RoomEvent> all = chat.events().published();
            List<RoomEvent> added = all.subList(publishedBefore, all.size());
            assertThat(added).as("events of this step").hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                RoomEvent event = added.get(i);
                Expected wanted = expected.get(i);
                assertThat(event).as("event %d of this step", i).isInstanceOf(wanted.type());
                if (wanted.message().id == null) {
                    wanted.message().id = event.message().id();
                    model.get(event.roomId()).messages.put(event.message().id(), wanted.message());
                }
                wanted.message().assertMatches(event.message());
                if (event instanceof MessageDeleted deleted) {
                    tombstones.put(deleted.message().id(), deleted.message());
                }
                if (event instanceof MemberLeft left) {
                    assertThat(left.newOwner()).as("new owner named in the LEAVE event").isEqualTo(wanted.newOwner());
                }
            }
        }

        private void checkInvariants() {
            for (RoomId roomId : roomIds) {
                ModelRoom expected = model.get(roomId);
                Room room = chat.store().loadRoom(roomId).orElseThrow();
                List<RoomEvent> events = chat.events().publishedIn(roomId);

                assertThat(events).extracting(RoomEvent::seq).as("seqs of room %s", roomId)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, room.lastSeq()).boxed().toList());
                assertThat(room.lastSeq()).isEqualTo(expected.lastSeq);

                List<Message> stored = chat.store().messagesIn(roomId);
                assertThat(stored).hasSameSizeAs(expected.messages.values());
                for (Message message : stored) {
                    List<RoomEvent> ofMessage = events.stream()
                            .filter(event -> event.message().id().equals(message.id()))
                            .toList();
                    assertThat(ofMessage.getFirst().seq()).as("seq of %s is its creating event", message.id())
                            .isEqualTo(message.seq());
                    assertThat(message.lastEventSeq()).as("lastEventSeq of %s", message.id())
                            .isGreaterThanOrEqualTo(message.seq())
                            .isEqualTo(ofMessage.getLast().seq());
                    assertThat(ofMessage.getLast().message()).as("%s as its last event left it", message.id())
                            .isEqualTo(message);
                    expected.messages.get(message.id()).assertMatches(message);
                }
                tombstones.values().stream().filter(tombstone -> tombstone.roomId().equals(roomId)).forEach(tombstone -> {
                    Message now = stored.stream().filter(message -> message.id().equals(tombstone.id())).findFirst()
                            .orElseThrow();
                    assertThat(now).as("tombstone %s never changes", tombstone.id()).isEqualTo(tombstone);
                    assertThat(now.content()).isNull();
                    assertThat(now.deleted()).isTrue();
                });

                List<Member> members = room.members();
                assertThat(members).extracting(member -> member.userId().value())
                        .as("members of %s", roomId)
                        .containsExactlyElementsOf(expected.members.keySet().stream().map(UserId::value).toList());
                if (!members.isEmpty()) {
                    assertThat(members).filteredOn(Member::isOwner).extracting(Member::userId)
                            .as("a room with members has exactly one owner, the one the rules name")
                            .containsExactly(expected.owner());
                }
                for (Member member : members) {
                    ModelMember modelMember = expected.members.get(member.userId());
                    assertThat(member.joinedSeq()).isEqualTo(modelMember.joinedSeq);
                    assertThat(member.isOwner()).isEqualTo(modelMember.owner);
                }
            }
        }

        /** Sync from every seq, in pages as small as one message, returns exactly the changes after it. */
        private void checkSyncFromEverySeq(RoomId roomId) {
            ModelRoom room = model.get(roomId);
            Caller reader = anyMemberOf(room);
            if (reader == null) {
                return;
            }
            List<Message> stored = chat.store().messagesIn(roomId);
            for (long since = 0; since <= room.lastSeq + 1; since++) {
                long cursor = since;
                List<Message> expected = stored.stream()
                        .filter(message -> message.lastEventSeq() > cursor)
                        .sorted(Comparator.comparingLong(Message::lastEventSeq))
                        .toList();
                assertThat(syncAll(reader, roomId, since, null)).as("sync of %s since %d", roomId, since)
                        .containsExactlyElementsOf(expected);
            }
            Message anchor = stored.get(random.nextInt(stored.size()));
            List<Message> afterAnchor = stored.stream()
                    .filter(message -> message.lastEventSeq() > anchor.seq())
                    .sorted(Comparator.comparingLong(Message::lastEventSeq))
                    .toList();
            assertThat(syncAll(reader, roomId, null, anchor.id())).as("sync after %s", anchor.id())
                    .containsExactlyElementsOf(afterAnchor);
        }

        private List<Message> syncAll(Caller reader, RoomId roomId, @Nullable Long since, @Nullable MessageId after) {
            PageLimit limit = new PageLimit(1 + random.nextInt(4));
            SyncPage page = chat.timeline().syncMessages(new SyncQuery(reader, roomId, after, since, limit));
            List<Message> all = new ArrayList<>(page.messages());
            while (page.hasMore()) {
                page = chat.timeline().syncMessages(new SyncQuery(reader, roomId, null, page.lastSeq(), limit));
                all.addAll(page.messages());
            }
            assertThat(page.lastSeq()).as("lastSeq of the final page").isEqualTo(model.get(roomId).lastSeq);
            return all;
        }

        private void checkHistory(RoomId roomId) {
            Caller reader = anyMemberOf(model.get(roomId));
            if (reader == null) {
                return;
            }
            PageLimit limit = new PageLimit(1 + random.nextInt(5));
            List<Message> all = new ArrayList<>();
            HistoryPage page = chat.timeline().loadHistory(new HistoryQuery(reader, roomId, null, limit));
            all.addAll(0, page.messages());
            while (page.hasMore()) {
                page = chat.timeline().loadHistory(
                        new HistoryQuery(reader, roomId, page.messages().getFirst().id(), limit));
                all.addAll(0, page.messages());
            }
            assertThat(all).as("history of %s, paged back", roomId)
                    .containsExactlyElementsOf(chat.store().messagesIn(roomId));
        }

        // Choices

        private Caller anyUser() {
            return USERS.get(random.nextInt(USERS.size()));
        }

        private @Nullable Caller anyMemberOf(ModelRoom room) {
            List<Caller> members = USERS.stream().filter(user -> room.isMember(user.id())).toList();
            return members.isEmpty() ? null : members.get(random.nextInt(members.size()));
        }

        /** Mostly a message of this room (text or membership record); sometimes one of the other room, or none. */
        private MessageId anyMessageId(RoomId roomId) {
            int dice = random.nextInt(10);
            RoomId from = dice < 8 ? roomId : roomIds.get(random.nextInt(roomIds.size()));
            List<MessageId> ids = new ArrayList<>(model.get(from).messages.keySet());
            if (dice == 9 || ids.isEmpty()) {
                return MessageId.newId();
            }
            return ids.get(random.nextInt(ids.size()));
        }

        /** A text message of the room, by {@code author} when given, if there is one; else any message id. */
        private MessageId anyTextMessageId(RoomId roomId, @Nullable UserId author) {
            List<MessageId> ids = model.get(roomId).messages.values().stream()
                    .filter(message -> message.type == MessageType.TEXT
                            && (author == null || message.sender.equals(author)))
                    .map(message -> Objects.requireNonNull(message.id))
                    .toList();
            return ids.isEmpty() ? anyMessageId(roomId) : ids.get(random.nextInt(ids.size()));
        }

        private <T> List<T> shuffled(List<T> values) {
            List<T> copy = new ArrayList<>(values);
            Collections.shuffle(copy, random);
            return copy;
        }
    }

    /** Everything an operation could change, compared before and after a refusal or a read. */
    private record State(Map<RoomId, Room> rooms, Map<RoomId, List<Message>> messages, List<RoomEvent> events,
            Map<RoomId, Map<UserId, Long>> readMarkers) {

        static State of(Run run) {
            Map<RoomId, Room> rooms = new LinkedHashMap<>();
            Map<RoomId, List<Message>> messages = new LinkedHashMap<>();
            Map<RoomId, Map<UserId, Long>> markers = new LinkedHashMap<>();
            for (RoomId roomId : run.roomIds) {
                rooms.put(roomId, run.chat.store().loadRoom(roomId).orElseThrow());
                messages.put(roomId, run.chat.store().messagesIn(roomId));
                Map<UserId, Long> read = new LinkedHashMap<>();
                USERS.forEach(user -> run.chat.store().readState(roomId, user.id())
                        .ifPresent(state -> read.put(user.id(), state.lastReadSeq())));
                markers.put(roomId, read);
            }
            return new State(rooms, messages, run.chat.events().published(), markers);
        }

        /** Room has identity equality; compared by what it holds. */
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof State that)) {
                return false;
            }
            return describe(rooms).equals(describe(that.rooms)) && messages.equals(that.messages)
                    && events.equals(that.events) && readMarkers.equals(that.readMarkers);
        }

        @Override
        public int hashCode() {
            return Objects.hash(describe(rooms), messages, events, readMarkers);
        }

        private static Map<RoomId, String> describe(Map<RoomId, Room> rooms) {
            Map<RoomId, String> described = new LinkedHashMap<>();
            rooms.forEach((id, room) -> described.put(id, room.lastSeq() + " " + room.visibility() + " " + room.members()));
            return described;
        }
    }

    /** An event a step must publish: its type and the message it must carry (id learned from the event). */
    private record Expected(Class<? extends RoomEvent> type, ModelMessage message, @Nullable UserId newOwner) {

        Expected(Class<? extends RoomEvent> type, ModelMessage message) {
            this(type, message, null);
        }
    }

    /** The reference model of one room, written from the documented rules, not from the domain's code. */
    private static final class ModelRoom {

        final RoomId id;
        final Visibility visibility;
        long lastSeq;
        /** Members in the order they joined. */
        final LinkedHashMap<UserId, ModelMember> members = new LinkedHashMap<>();
        final LinkedHashMap<MessageId, ModelMessage> messages = new LinkedHashMap<>();

        ModelRoom(RoomId id, Visibility visibility) {
            this.id = id;
            this.visibility = visibility;
        }

        boolean isMember(UserId user) {
            return members.containsKey(user);
        }

        boolean isOwner(UserId user) {
            ModelMember member = members.get(user);
            return member != null && member.owner;
        }

        @Nullable UserId owner() {
            return members.values().stream().filter(member -> member.owner).map(member -> member.user)
                    .findFirst().orElse(null);
        }

        /** Whoever enters a room nobody owns becomes its owner; a JOIN record takes the next seq. */
        Expected admit(UserId user) {
            boolean owner = owner() == null;
            long seq = ++lastSeq;
            members.put(user, new ModelMember(user, owner, seq));
            return new Expected(MemberJoined.class, new ModelMessage(MessageType.JOIN, seq, user, null, null));
        }

        /** When the last owner leaves, the longest-standing remaining member becomes owner. */
        Expected depart(UserId user) {
            ModelMember leaving = members.remove(user);
            UserId newOwner = null;
            if (leaving.owner && !members.isEmpty()) {
                ModelMember successor = members.values().stream()
                        .min(Comparator.comparingLong(member -> member.joinedSeq)).orElseThrow();
                successor.owner = true;
                newOwner = successor.user;
            }
            long seq = ++lastSeq;
            return new Expected(
                    MemberLeft.class, new ModelMessage(MessageType.LEAVE, seq, user, null, null), newOwner);
        }

        @Nullable ModelMessage byClientMsgId(UserId sender, String clientMsgId) {
            return messages.values().stream()
                    .filter(message -> message.sender.equals(sender) && clientMsgId.equals(message.clientMsgId))
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "room " + id.value().substring(0, 8) + " (" + visibility + ", lastSeq " + lastSeq + ", members "
                    + members.values() + ")";
        }
    }

    private static final class ModelMember {

        final UserId user;
        boolean owner;
        final long joinedSeq;

        ModelMember(UserId user, boolean owner, long joinedSeq) {
            this.user = user;
            this.owner = owner;
            this.joinedSeq = joinedSeq;
        }

        @Override
        public String toString() {
            return user.value() + (owner ? "*" : "") + "@" + joinedSeq;
        }
    }

    private static final class ModelMessage {

        @Nullable MessageId id;
        final MessageType type;
        final long seq;
        final UserId sender;
        final @Nullable String clientMsgId;
        @Nullable String content;
        boolean deleted;
        long lastEventSeq;

        ModelMessage(MessageType type, long seq, UserId sender, @Nullable String clientMsgId, @Nullable String content) {
            this.type = type;
            this.seq = seq;
            this.sender = sender;
            this.clientMsgId = clientMsgId;
            this.content = content;
            this.lastEventSeq = seq;
        }

        void assertMatches(Message actual) {
            assertThat(actual.type()).as("type of %s", actual.id()).isEqualTo(type);
            assertThat(actual.seq()).as("seq of %s", actual.id()).isEqualTo(seq);
            assertThat(actual.senderId()).as("sender of %s", actual.id()).isEqualTo(sender);
            assertThat(actual.clientMsgId() == null ? null : actual.clientMsgId().value()).isEqualTo(clientMsgId);
            assertThat(actual.content() == null ? null : actual.content().value()).as("content of %s", actual.id())
                    .isEqualTo(content);
            assertThat(actual.deleted()).as("deleted %s", actual.id()).isEqualTo(deleted);
            assertThat(actual.lastEventSeq()).as("lastEventSeq of %s", actual.id()).isEqualTo(lastEventSeq);
            if (id != null) {
                assertThat(actual.id()).isEqualTo(id);
            }
        }
    }
}

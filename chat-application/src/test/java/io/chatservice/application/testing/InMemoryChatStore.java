package io.chatservice.application.testing;

import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.MemberRoomSummary;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.RoomMemberKey;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rooms, members, messages and read markers in memory, with the behaviour the PostgreSQL schema gives:
 * primary keys, the room foreign key, unique {@code (room, seq)} and unique {@code (room, sender,
 * clientMsgId)} (reported as {@link DuplicateClientMsgIdException}), read markers that never move back.
 *
 * <p>As a {@link TransactionParticipant} it snapshots its state when a read-write transaction begins and
 * restores it on rollback, refuses writes and row locks in read-only transactions, and checks the locking
 * protocol the services rely on: inside a transaction, the room counter may only be advanced, a stored room
 * saved, and a message written while the room is locked ({@code loadRoomForUpdate} / {@code lockForAppend},
 * or inserting the room). Outside a transaction every call acts alone, like an auto-committed statement,
 * which lets tests seed data directly.
 */
public final class InMemoryChatStore
        implements LoadRoomPort, SaveRoomPort, RoomAccessPort, LoadMessagePort, SaveMessagePort, ReadMarkerPort,
                TransactionParticipant {

    private State state = new State();

    private @Nullable Thread transactionThread;
    private boolean readOnlyTransaction;
    private @Nullable State snapshot;
    private final Set<RoomId> lockedRooms = new HashSet<>();

    // LoadRoomPort

    @Override
    public synchronized Optional<Room> loadRoom(RoomId roomId) {
        RoomRow row = state.rooms.get(roomId);
        if (row == null) {
            return Optional.empty();
        }
        List<Member> members = state.membersOf(roomId).values().stream().map(MemberRow::toMember).toList();
        return Optional.of(
                Room.restore(row.id(), row.name(), row.visibility(), row.createdAt(), row.lastSeq(), members));
    }

    @Override
    public synchronized Optional<Room> loadRoomForUpdate(RoomId roomId) {
        lock(roomId);
        return loadRoom(roomId);
    }

    // SaveRoomPort

    @Override
    public synchronized void saveRoom(Room room) {
        requireWritable();
        RoomRow stored = state.rooms.get(room.id());
        if (stored == null) {
            if (inTransaction()) {
                // A row this transaction inserted is locked by it until commit.
                lockedRooms.add(room.id());
            }
        } else {
            requireLockedInTransaction(room.id(), "save a room");
            if (room.lastSeq() < stored.lastSeq()) {
                throw new IllegalStateException("lost update: room " + room.id() + " saved with last seq "
                        + room.lastSeq() + " over " + stored.lastSeq());
            }
        }
        state.rooms.put(
                room.id(),
                new RoomRow(room.id(), room.name(), room.visibility(), room.createdAt(), room.lastSeq()));
        Map<UserId, MemberRow> before = state.membersOf(room.id());
        Map<UserId, MemberRow> after = new LinkedHashMap<>();
        for (Member member : room.members()) {
            MemberRow previous = before.get(member.userId());
            if (previous != null && previous.joinedSeq() == member.joinedSeq()) {
                // The read marker is ReadMarkerPort's: saving membership changes the role, never the marker,
                // which a concurrent markRead may have moved since the room was loaded.
                after.put(member.userId(), previous.withRole(member.role()));
            } else {
                after.put(member.userId(), MemberRow.of(member));
            }
        }
        state.members.put(room.id(), after);
    }

    // RoomAccessPort

    @Override
    public synchronized Optional<RoomAccess> loadAccess(RoomId roomId, UserId user) {
        RoomRow row = state.rooms.get(roomId);
        if (row == null) {
            return Optional.empty();
        }
        MemberRow member = state.membersOf(roomId).get(user);
        return Optional.of(new RoomAccess(roomId, row.lastSeq(), member == null ? null : member.toMember()));
    }

    @Override
    public synchronized List<RoomId> roomIdsOf(UserId user) {
        return state.members.entrySet().stream()
                .filter(room -> room.getValue().containsKey(user))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public synchronized Optional<RoomAccess> lockForAppend(RoomId roomId, UserId user) {
        lock(roomId);
        return loadAccess(roomId, user);
    }

    @Override
    public synchronized Map<RoomMemberKey, RoomAccess> lockAllForAppend(Collection<RoomMemberKey> keys) {
        Map<RoomMemberKey, RoomAccess> access = new HashMap<>();
        for (RoomMemberKey key : keys) {
            lockForAppend(key.roomId(), key.user()).ifPresent(found -> access.put(key, found));
        }
        return access;
    }

    @Override
    public synchronized void advanceLastSeq(RoomId roomId, long newLastSeq) {
        requireReadWriteTransaction("advance a room's last seq");
        if (!lockedRooms.contains(roomId)) {
            throw new IllegalStateException("last seq of room " + roomId + " advanced without holding its lock");
        }
        RoomRow row = state.rooms.get(roomId);
        if (row == null) {
            throw new IllegalStateException("no room " + roomId);
        }
        if (newLastSeq <= row.lastSeq()) {
            throw new IllegalStateException(
                    "last seq of room " + roomId + " must move forward: " + row.lastSeq() + " -> " + newLastSeq);
        }
        state.rooms.put(roomId, row.withLastSeq(newLastSeq));
    }

    // LoadMessagePort

    @Override
    public synchronized Optional<Message> findMessage(RoomId roomId, MessageId messageId) {
        return Optional.ofNullable(state.messages.get(messageId)).filter(message -> message.roomId().equals(roomId));
    }

    @Override
    public synchronized Optional<Message> findByClientMsgId(RoomId roomId, UserId sender, ClientMsgId clientMsgId) {
        return state.messages.values().stream()
                .filter(message -> message.roomId().equals(roomId)
                        && message.senderId().equals(sender)
                        && clientMsgId.equals(message.clientMsgId()))
                .findFirst();
    }

    @Override
    public synchronized List<Message> findByClientMsgIds(Collection<ClientMsgKey> keys) {
        Set<ClientMsgKey> wanted = Set.copyOf(keys);
        return state.messages.values().stream()
                .filter(message -> message.clientMsgId() != null
                        && wanted.contains(new ClientMsgKey(message.roomId(), message.senderId(), message.clientMsgId())))
                .toList();
    }

    @Override
    public synchronized List<Message> findPageBefore(RoomId roomId, long beforeSeq, int limit) {
        requireLimit(limit);
        List<Message> newestFirst = state.messages.values().stream()
                .filter(message -> message.roomId().equals(roomId) && message.seq() < beforeSeq)
                .sorted(Comparator.comparingLong(Message::seq).reversed())
                .limit(limit)
                .toList();
        return newestFirst.reversed();
    }

    @Override
    public synchronized List<Message> findChangedBetween(RoomId roomId, long afterSeq, long upToSeq, int limit) {
        requireLimit(limit);
        return state.messages.values().stream()
                .filter(message -> message.roomId().equals(roomId)
                        && message.lastEventSeq() > afterSeq
                        && message.lastEventSeq() <= upToSeq)
                .sorted(Comparator.comparingLong(Message::lastEventSeq))
                .limit(limit)
                .toList();
    }

    // SaveMessagePort

    @Override
    public synchronized void insertMessage(Message message) {
        requireWritable();
        if (!state.rooms.containsKey(message.roomId())) {
            throw new IllegalStateException("foreign key violated: no room " + message.roomId());
        }
        requireLockedInTransaction(message.roomId(), "insert a message");
        if (state.messages.containsKey(message.id())) {
            throw new IllegalStateException("primary key violated: message " + message.id() + " exists");
        }
        for (Message stored : state.messages.values()) {
            if (!stored.roomId().equals(message.roomId())) {
                continue;
            }
            if (stored.seq() == message.seq()) {
                throw new IllegalStateException(
                        "unique (room, seq) violated: room " + message.roomId() + " already has seq " + message.seq());
            }
            if (message.clientMsgId() != null
                    && message.clientMsgId().equals(stored.clientMsgId())
                    && stored.senderId().equals(message.senderId())) {
                throw new DuplicateClientMsgIdException(
                        "room " + message.roomId() + " already holds clientMsgId " + message.clientMsgId()
                                + " from " + message.senderId(),
                        new IllegalStateException("unique (room, sender, clientMsgId) violated"));
            }
        }
        state.messages.put(message.id(), message);
    }

    /**
     * One at a time, then each room's last seq: a failure part-way leaves the earlier ones, which the transaction's
     * rollback removes.
     */
    @Override
    public synchronized void appendMessages(List<Message> messages) {
        messages.forEach(this::insertMessage);
        Map<RoomId, Long> lastSeqs = new HashMap<>();
        messages.forEach(message -> lastSeqs.merge(message.roomId(), message.seq(), Math::max));
        lastSeqs.forEach(this::advanceLastSeq);
    }

    @Override
    public synchronized void updateMessage(Message message) {
        requireWritable();
        Message stored = state.messages.get(message.id());
        if (stored == null) {
            throw new IllegalStateException("no message " + message.id() + " to update");
        }
        requireLockedInTransaction(stored.roomId(), "update a message");
        if (!stored.roomId().equals(message.roomId())
                || stored.seq() != message.seq()
                || !stored.senderId().equals(message.senderId())
                || stored.type() != message.type()
                || !Objects.equals(stored.clientMsgId(), message.clientMsgId())
                || !stored.createdAt().equals(message.createdAt())) {
            throw new IllegalStateException("update of message " + message.id() + " changes what never changes");
        }
        if (message.lastEventSeq() <= stored.lastEventSeq()) {
            throw new IllegalStateException("update of message " + message.id() + " does not move lastEventSeq on");
        }
        state.messages.put(message.id(), message);
    }

    // ReadMarkerPort

    @Override
    public synchronized void advanceReadMarker(RoomId roomId, UserId member, long seq, MessageId messageId) {
        requireWritable();
        MemberRow row = state.membersOf(roomId).get(member);
        if (row != null && seq > row.lastReadSeq()) {
            state.members.get(roomId).put(member, row.withReadMarker(seq, messageId));
        }
    }

    @Override
    public synchronized Optional<ReadState> readState(RoomId roomId, UserId member) {
        MemberRow row = state.membersOf(roomId).get(member);
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(new ReadState(
                row.lastReadSeq(), row.lastReadMessageId(), unreadCount(roomId, member, row.lastReadSeq())));
    }

    @Override
    public synchronized List<MemberRoomSummary> roomsOf(UserId member) {
        return state.rooms.values().stream()
                .filter(room -> state.membersOf(room.id()).containsKey(member))
                .sorted(Comparator.comparing((RoomRow room) -> room.name().value(), InMemoryChatStore::byCodePoints)
                        .thenComparing(room -> room.id().value(), InMemoryChatStore::byCodePoints))
                .map(room -> {
                    MemberRow row = state.membersOf(room.id()).get(member);
                    return new MemberRoomSummary(
                            room.id(),
                            room.name().value(),
                            room.visibility(),
                            room.createdAt(),
                            row.role(),
                            room.lastSeq(),
                            unreadCount(room.id(), member, row.lastReadSeq()));
                })
                .toList();
    }

    // Inspection for tests

    /** Every message of a room as stored, by seq. */
    public synchronized List<Message> messagesIn(RoomId roomId) {
        return state.messages.values().stream()
                .filter(message -> message.roomId().equals(roomId))
                .sorted(Comparator.comparingLong(Message::seq))
                .toList();
    }

    /** How many rooms are stored. */
    public synchronized int roomCount() {
        return state.rooms.size();
    }

    // TransactionParticipant

    @Override
    public synchronized void begin(boolean readOnly) {
        transactionThread = Thread.currentThread();
        readOnlyTransaction = readOnly;
        snapshot = readOnly ? null : state.copy();
        lockedRooms.clear();
    }

    @Override
    public synchronized void commit() {
        endTransaction();
    }

    @Override
    public synchronized void rollback() {
        if (snapshot != null) {
            state = snapshot;
        }
        endTransaction();
    }

    private void endTransaction() {
        transactionThread = null;
        readOnlyTransaction = false;
        snapshot = null;
        lockedRooms.clear();
    }

    private long unreadCount(RoomId roomId, UserId member, long lastReadSeq) {
        return state.messages.values().stream()
                .filter(message -> message.roomId().equals(roomId)
                        && message.type() == MessageType.TEXT
                        && !message.deleted()
                        && !message.senderId().equals(member)
                        && message.seq() > lastReadSeq)
                .count();
    }

    private void lock(RoomId roomId) {
        requireReadWriteTransaction("lock a room");
        if (state.rooms.containsKey(roomId)) {
            lockedRooms.add(roomId);
        }
    }

    private boolean inTransaction() {
        return transactionThread == Thread.currentThread();
    }

    private void requireWritable() {
        if (inTransaction() && readOnlyTransaction) {
            throw new IllegalStateException("cannot write in a read-only transaction");
        }
    }

    private void requireReadWriteTransaction(String action) {
        if (!inTransaction()) {
            throw new IllegalStateException("cannot " + action + " outside a transaction");
        }
        if (readOnlyTransaction) {
            throw new IllegalStateException("cannot " + action + " in a read-only transaction");
        }
    }

    private void requireLockedInTransaction(RoomId roomId, String action) {
        if (inTransaction() && !lockedRooms.contains(roomId)) {
            throw new IllegalStateException(
                    "cannot " + action + " of room " + roomId + " without holding the room's lock");
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("LIMIT must not be negative");
        }
    }

    private static final class State {

        final Map<RoomId, RoomRow> rooms = new LinkedHashMap<>();
        final Map<RoomId, Map<UserId, MemberRow>> members = new LinkedHashMap<>();
        final Map<MessageId, Message> messages = new LinkedHashMap<>();

        Map<UserId, MemberRow> membersOf(RoomId roomId) {
            return members.getOrDefault(roomId, Map.of());
        }

        /** Rows are immutable records, so copying the maps is a full snapshot. */
        State copy() {
            State copy = new State();
            copy.rooms.putAll(rooms);
            members.forEach((roomId, rows) -> copy.members.put(roomId, new LinkedHashMap<>(rows)));
            copy.messages.putAll(messages);
            return copy;
        }
    }

    private record RoomRow(RoomId id, RoomName name, Visibility visibility, Instant createdAt, long lastSeq) {

        RoomRow withLastSeq(long newLastSeq) {
            return new RoomRow(id, name, visibility, createdAt, newLastSeq);
        }
    }

    private record MemberRow(
            UserId userId,
            MemberRole role,
            Instant joinedAt,
            long joinedSeq,
            long lastReadSeq,
            @Nullable MessageId lastReadMessageId) {

        static MemberRow of(Member member) {
            return new MemberRow(
                    member.userId(), member.role(), member.joinedAt(), member.joinedSeq(), member.lastReadSeq(), null);
        }

        Member toMember() {
            return new Member(userId, role, joinedAt, joinedSeq, lastReadSeq);
        }

        MemberRow withRole(MemberRole newRole) {
            return new MemberRow(userId, newRole, joinedAt, joinedSeq, lastReadSeq, lastReadMessageId);
        }

        MemberRow withReadMarker(long seq, MessageId messageId) {
            return new MemberRow(userId, role, joinedAt, joinedSeq, seq, messageId);
        }
    }

    /** PostgreSQL's "C" collation on UTF-8: code point order, unlike String.compareTo's UTF-16 unit order. */
    private static int byCodePoints(String left, String right) {
        return Arrays.compare(left.codePoints().toArray(), right.codePoints().toArray());
    }
}

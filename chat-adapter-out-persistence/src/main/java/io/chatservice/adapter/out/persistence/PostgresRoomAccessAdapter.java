package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.RoomMemberKey;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hot path of every send, edit and delete: one statement reads the room's last seq together with one
 * user's membership, and locks the room row when the caller is about to append an event.
 */
@Component
class PostgresRoomAccessAdapter implements RoomAccessPort {

    private static final String MEMBER_COLUMNS =
            "m.user_id, m.role, m.joined_at, m.joined_seq, m.last_read_seq";

    private static final String ACCESS = """
            select r.last_seq, r.last_seq as snapshot_last_seq, %s
              from room r
              left join room_member m on m.room_id = r.id and m.user_id = :userId
             where r.id = :roomId""".formatted(MEMBER_COLUMNS);

    /*
     * FOR NO KEY UPDATE is the lock an UPDATE of last_seq takes anyway: it excludes every other appender and
     * room change, yet lets foreign key checks on the room through. When the statement had to wait for the
     * lock, PostgreSQL returns the room row as the other transaction committed it but the joined member row
     * as it was before the wait; the scalar subquery still reads that older snapshot, so a difference between
     * the two seqs reveals the wait (every membership change is a room event and moves last_seq).
     */
    private static final String LOCK = """
            select r.last_seq, (select s.last_seq from room s where s.id = r.id) as snapshot_last_seq, %s
              from room r
              left join room_member m on m.room_id = r.id and m.user_id = :userId
             where r.id = :roomId
               for no key update of r""".formatted(MEMBER_COLUMNS);

    /*
     * ORDER BY under a locking clause locks the rows in that order (LockRows sits above the sort), so every
     * batch takes its rooms' locks in one global order and two batches never wait for each other in a cycle.
     *
     * The batch statements take their keys as arrays, so that their text is the same whatever the batch size:
     * pgjdbc then prepares each on the server once per connection (after its prepareThreshold) and PostgreSQL
     * can keep one plan for it. An IN list was a new statement per size, parsed and planned on most batches
     * (about 1 ms), and the planner turned the membership's row-value IN list into a sequential scan of
     * room_member with one OR term per key (pg_stat_statements: 3.9 ms per batch with 2,200 members; it grows
     * with the table).
     */
    private static final String LOCK_ALL =
            "select id, last_seq from room where id = any(?::varchar[]) order by id for no key update";

    /*
     * A statement of its own, after the locks are held: its snapshot sees every membership change committed. It
     * is sent together with LOCK_ALL (see lockAllForAppend), so it reads memberships for every key, even one whose
     * room turns out not to exist (that finds nothing).
     * A lateral subquery with LIMIT cannot be flattened into a join, so this is one primary-key probe per key
     * whatever the statistics say; as a plain join, a small or freshly grown table got a hash join over a scan
     * of all of it (1 ms per batch at 4,400 members).
     */
    private static final String MEMBERS = "select m.room_id, " + MEMBER_COLUMNS
            + " from unnest(?::varchar[], ?::varchar[]) as k(room_id, user_id)"
            + " cross join lateral (select * from room_member m"
            + " where m.room_id = k.room_id and m.user_id = k.user_id limit 1) m";

    /*
     * pgjdbc splits a prepared statement's text at its semicolons and sends the statements one after the other,
     * before a single Sync: one round trip. PostgreSQL still runs them in order, each with its own snapshot, so
     * MEMBERS reads as it did as a second round trip, once LOCK_ALL holds every lock.
     */
    private static final String LOCK_ALL_THEN_MEMBERS = LOCK_ALL + ";\n" + MEMBERS;

    private final JdbcClient jdbc;
    private final JdbcOperations jdbcOperations;

    PostgresRoomAccessAdapter(JdbcClient jdbc, JdbcOperations jdbcOperations) {
        this.jdbc = jdbc;
        this.jdbcOperations = jdbcOperations;
    }

    @Override
    public Optional<RoomAccess> loadAccess(RoomId roomId, UserId user) {
        return query(ACCESS, roomId, user).map(AccessRow::access);
    }

    /** Served by {@code room_member_user_idx}: one index range scan, proportional to the user's rooms, not to all rooms. */
    @Override
    public List<RoomId> roomIdsOf(UserId user) {
        return jdbc.sql("select room_id from room_member where user_id = :userId")
                .param("userId", user.value())
                .query((rs, rowNum) -> RoomId.of(rs.getString("room_id")))
                .list();
    }

    /**
     * One statement, or two when it had to wait for another writer: the membership it read is then from
     * before that writer's commit, so it is read again, now that the lock is held and nothing can move.
     */
    @Override
    public Optional<RoomAccess> lockForAppend(RoomId roomId, UserId user) {
        Transactions.requireActive("lockForAppend");
        Optional<AccessRow> row = query(LOCK, roomId, user);
        if (row.isPresent() && row.get().waitedForAnotherWriter()) {
            row = query(LOCK, roomId, user);
        }
        return row.map(AccessRow::access);
    }

    /**
     * Two statements whatever the number of rooms and users, in one round trip: lock the rooms, then read the
     * memberships. The send committer runs this for every group commit and waits for each round trip (on a busy
     * machine, also for a core to wake up on), so the second statement travels with the first.
     */
    @Override
    public Map<RoomMemberKey, RoomAccess> lockAllForAppend(Collection<RoomMemberKey> keys) {
        Transactions.requireActive("lockAllForAppend");
        if (keys.isEmpty()) {
            return Map.of();
        }
        String[] roomIds = keys.stream().map(key -> key.roomId().value()).distinct().toArray(String[]::new);
        String[] memberRoomIds = new String[keys.size()];
        String[] memberUserIds = new String[keys.size()];
        int i = 0;
        for (RoomMemberKey key : keys) {
            memberRoomIds[i] = key.roomId().value();
            memberUserIds[i++] = key.user().value();
        }
        Map<String, Long> lastSeqs = new HashMap<>();
        Map<RoomMemberKey, Member> members = new HashMap<>();
        jdbcOperations.execute(LOCK_ALL_THEN_MEMBERS, (PreparedStatement statement) -> {
            statement.setObject(1, roomIds);
            statement.setObject(2, memberRoomIds);
            statement.setObject(3, memberUserIds);
            statement.execute();
            try (ResultSet locked = statement.getResultSet()) {
                while (locked.next()) {
                    lastSeqs.put(locked.getString("id"), locked.getLong("last_seq"));
                }
            }
            if (!statement.getMoreResults()) {
                throw new IllegalStateException("pgjdbc gave no result for the membership read of lockAllForAppend");
            }
            try (ResultSet memberships = statement.getResultSet()) {
                while (memberships.next()) {
                    Member member = mapMember(memberships);
                    members.put(
                            new RoomMemberKey(RoomId.of(memberships.getString("room_id")), member.userId()), member);
                }
            }
            return null;
        });
        Map<RoomMemberKey, RoomAccess> access = new HashMap<>();
        for (RoomMemberKey key : keys) {
            Long lastSeq = lastSeqs.get(key.roomId().value());
            if (lastSeq != null) {
                access.put(key, new RoomAccess(key.roomId(), lastSeq, members.get(key)));
            }
        }
        return access;
    }

    @Override
    public void advanceLastSeq(RoomId roomId, long newLastSeq) {
        Transactions.requireActive("advanceLastSeq");
        int updated = jdbc.sql("update room set last_seq = :newLastSeq where id = :roomId and last_seq < :newLastSeq")
                .param("newLastSeq", newLastSeq)
                .param("roomId", roomId.value())
                .update();
        if (updated != 1) {
            throw new IllegalStateException(
                    "room " + roomId + " does not exist or its last seq is already at or past " + newLastSeq);
        }
    }

    private Optional<AccessRow> query(String sql, RoomId roomId, UserId user) {
        return jdbc.sql(sql)
                .param("roomId", roomId.value())
                .param("userId", user.value())
                .query((rs, rowNum) -> mapRow(rs, roomId))
                .optional();
    }

    private static AccessRow mapRow(ResultSet rs, RoomId roomId) throws SQLException {
        long lastSeq = rs.getLong("last_seq");
        Member member = rs.getString("user_id") == null ? null : mapMember(rs);
        return new AccessRow(new RoomAccess(roomId, lastSeq, member), rs.getLong("snapshot_last_seq"));
    }

    private static Member mapMember(ResultSet rs) throws SQLException {
        return new Member(
                UserId.of(rs.getString("user_id")),
                MemberRole.valueOf(rs.getString("role")),
                rs.getObject("joined_at", OffsetDateTime.class).toInstant(),
                rs.getLong("joined_seq"),
                rs.getLong("last_read_seq"));
    }

    private record AccessRow(RoomAccess access, long snapshotLastSeq) {

        boolean waitedForAnotherWriter() {
            return access.lastSeq() != snapshotLastSeq;
        }
    }
}

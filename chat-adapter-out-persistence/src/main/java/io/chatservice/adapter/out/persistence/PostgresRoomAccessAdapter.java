package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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

    private final JdbcClient jdbc;

    PostgresRoomAccessAdapter(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        String userId = rs.getString("user_id");
        Member member = userId == null
                ? null
                : new Member(
                        UserId.of(userId),
                        MemberRole.valueOf(rs.getString("role")),
                        rs.getObject("joined_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("joined_seq"),
                        rs.getLong("last_read_seq"));
        return new AccessRow(new RoomAccess(roomId, lastSeq, member), rs.getLong("snapshot_last_seq"));
    }

    private record AccessRow(RoomAccess access, long snapshotLastSeq) {

        boolean waitedForAnotherWriter() {
            return access.lastSeq() != snapshotLastSeq;
        }
    }
}

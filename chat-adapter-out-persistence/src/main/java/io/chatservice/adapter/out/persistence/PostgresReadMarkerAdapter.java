package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.MemberRoomSummary;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read markers and unread counts in plain SQL. The marker is moved by a conditional UPDATE without the room
 * lock: the row lock of that one member is enough, and the condition keeps it from moving backwards.
 */
@Component
class PostgresReadMarkerAdapter implements ReadMarkerPort {

    /** Text messages by others, not deleted, after the member's marker; {@code m} is the member row. */
    private static final String UNREAD_COUNT = """
            (select count(*)
               from message x
              where x.room_id = m.room_id
                and x.seq > m.last_read_seq
                and x.type = 'TEXT'
                and x.deleted_at is null
                and x.sender_id <> m.user_id)""";

    private static final String READ_STATE = """
            select m.last_read_seq, m.last_read_message_id, %s as unread_count
              from room_member m
             where m.room_id = :roomId and m.user_id = :userId""".formatted(UNREAD_COUNT);

    private static final String ROOMS_OF = """
            select r.id, r.name, r.visibility, r.created_at, r.last_seq, m.role, %s as unread_count
              from room_member m
              join room r on r.id = m.room_id
             where m.user_id = :userId
             order by r.name collate "C", r.id collate "C"
            """.formatted(UNREAD_COUNT);

    private final JdbcClient jdbc;

    PostgresReadMarkerAdapter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void advanceReadMarker(RoomId roomId, UserId member, long seq, MessageId messageId) {
        jdbc.sql("""
                        update room_member
                           set last_read_seq = :seq, last_read_message_id = :messageId
                         where room_id = :roomId and user_id = :userId and last_read_seq < :seq""")
                .param("seq", seq)
                .param("messageId", messageId.value())
                .param("roomId", roomId.value())
                .param("userId", member.value())
                .update();
    }

    @Override
    public Optional<ReadState> readState(RoomId roomId, UserId member) {
        return jdbc.sql(READ_STATE)
                .param("roomId", roomId.value())
                .param("userId", member.value())
                .query((rs, rowNum) -> {
                    String lastReadMessageId = rs.getString("last_read_message_id");
                    return new ReadState(
                            rs.getLong("last_read_seq"),
                            lastReadMessageId == null ? null : MessageId.of(lastReadMessageId),
                            rs.getLong("unread_count"));
                })
                .optional();
    }

    @Override
    public List<MemberRoomSummary> roomsOf(UserId member) {
        return jdbc.sql(ROOMS_OF)
                .param("userId", member.value())
                .query((rs, rowNum) -> new MemberRoomSummary(
                        RoomId.of(rs.getString("id")),
                        rs.getString("name"),
                        Visibility.valueOf(rs.getString("visibility")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        MemberRole.valueOf(rs.getString("role")),
                        rs.getLong("last_seq"),
                        rs.getLong("unread_count")))
                .list();
    }
}

package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Messages through JPA, except the group commit's two statements, which are plain JDBC (see there): a write is one
 * statement, flushed before the method returns.
 */
@Component
class JpaMessageAdapter implements LoadMessagePort, SaveMessagePort {

    /** Named in V1__chat_schema.sql. */
    static final String CLIENT_MSG_ID_CONSTRAINT = "message_client_msg_id_uk";

    private static final String UNIQUE_VIOLATION = "23505";

    /** The column list of both plain-JDBC statements, in the order of {@link #messageRow}'s reads. */
    private static final String COLUMNS = "id, room_id, seq, sender_id, sender_name, client_msg_id, type, content,"
            + " created_at, edited_at, deleted_at, last_event_seq";

    /** The same list for the read that joins message to its keys. */
    private static final String QUALIFIED_COLUMNS = Arrays.stream(COLUMNS.split(", "))
            .map(column -> "m." + column)
            .collect(Collectors.joining(", "));

    /*
     * A data-modifying CTE: the UPDATE reads the INSERT's RETURNING rows, not the table, so it sees exactly this
     * batch's seqs. It answers with the rooms it moved on; a room missing from the answer was already at or past
     * the batch's highest seq (it must not be, under the room locks the caller holds). A room that does not exist
     * fails the INSERT's foreign key first.
     */
    private static final String APPEND = "with appended as (insert into message (" + COLUMNS + ")"
            + " select * from unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],"
            + " ?::bigint[]) returning room_id, seq)"
            + " update room r set last_seq = a.last_seq"
            + " from (select room_id, max(seq) as last_seq from appended group by room_id) a"
            + " where r.id = a.room_id and r.last_seq < a.last_seq returning r.id";

    private final JpaMessageRepository messages;
    private final EntityManager entityManager;
    private final PersistenceMapper mapper;
    private final JdbcClient jdbc;

    JpaMessageAdapter(
            JpaMessageRepository messages, EntityManager entityManager, PersistenceMapper mapper, JdbcClient jdbc) {
        this.messages = messages;
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Message> findMessage(RoomId roomId, MessageId messageId) {
        return messages.findByIdAndRoomId(messageId.value(), roomId.value()).map(mapper::toMessage);
    }

    @Override
    public Optional<Message> findByClientMsgId(RoomId roomId, UserId sender, ClientMsgId clientMsgId) {
        return messages.findByRoomIdAndSenderIdAndClientMsgId(roomId.value(), sender.value(), clientMsgId.value())
                .map(mapper::toMessage);
    }

    /**
     * One statement, answered by probing {@code message_client_msg_id_uk} once per key. The keys go as arrays so
     * that the text is the same for every batch size: prepared on the server once per connection and planned
     * once (a row-value IN list was parsed and planned anew on most group commits, about 1 ms). Plain JDBC on the hot path of every
     * group commit: through Hibernate's native query this read was a sixth of the send committer's CPU (JFR),
     * spent building the query and the entities, not in PostgreSQL.
     */
    @Override
    public List<Message> findByClientMsgIds(Collection<ClientMsgKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        // One probe per distinct key: a key given twice would otherwise find its message twice.
        Set<ClientMsgKey> distinct = new LinkedHashSet<>(keys);
        String[] roomIds = new String[distinct.size()];
        String[] senderIds = new String[distinct.size()];
        String[] clientMsgIds = new String[distinct.size()];
        int i = 0;
        for (ClientMsgKey key : distinct) {
            roomIds[i] = key.roomId().value();
            senderIds[i] = key.sender().value();
            clientMsgIds[i++] = key.clientMsgId().value();
        }
        // As in the membership read of a group commit: the lateral LIMIT keeps it one index probe per key.
        return jdbc.sql("select " + QUALIFIED_COLUMNS
                        + " from unnest(?::varchar[], ?::varchar[], ?::varchar[]) as k(room_id, sender_id, client_msg_id)"
                        + " cross join lateral (select * from message m where m.room_id = k.room_id"
                        + " and m.sender_id = k.sender_id and m.client_msg_id = k.client_msg_id limit 1) m")
                .params(roomIds, senderIds, clientMsgIds)
                .query(this::messageRow)
                .list();
    }

    @Override
    public List<Message> findPageBefore(RoomId roomId, long beforeSeq, int limit) {
        List<MessageEntity> newestFirst = messages.findNewestBefore(roomId.value(), beforeSeq, Limit.of(limit));
        return newestFirst.reversed().stream().map(mapper::toMessage).toList();
    }

    @Override
    public List<Message> findChangedBetween(RoomId roomId, long afterSeq, long upToSeq, int limit) {
        return messages.findChangedBetween(roomId.value(), afterSeq, upToSeq, Limit.of(limit)).stream()
                .map(mapper::toMessage)
                .toList();
    }

    /**
     * Flushes at once so that the unique constraint answers here, not at commit. PostgreSQL has then aborted
     * the transaction: the caller can only roll it back, and look for the original in a new one.
     */
    @Override
    public void insertMessage(Message message) {
        try {
            entityManager.persist(mapper.toEntity(message));
            entityManager.flush();
        } catch (PersistenceException failure) {
            if (violates(failure, CLIENT_MSG_ID_CONSTRAINT)) {
                throw new DuplicateClientMsgIdException(
                        "room " + message.roomId() + " already has clientMsgId " + message.clientMsgId()
                                + " from " + message.senderId(),
                        failure);
            }
            throw failure;
        }
    }

    /**
     * One statement for the whole batch: the INSERT, each column passed as an array, and the UPDATE of its rooms'
     * last seq, fed by what the INSERT returned. One round trip and one statement text whatever the batch size and
     * the number of rooms (so PostgreSQL keeps one prepared plan); as two statements, the send committer waited
     * for PostgreSQL twice, and on a busy machine it then also waits for a core twice. Plain JDBC for the same
     * reason as {@link #findByClientMsgIds}. A stored clientMsgId fails the whole statement, as the single insert
     * does.
     */
    @Override
    public void appendMessages(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Transactions.requireActive("appendMessages");
        int size = messages.size();
        String[] ids = new String[size];
        String[] roomIds = new String[size];
        Long[] seqs = new Long[size];
        String[] senderIds = new String[size];
        String[] senderNames = new String[size];
        String[] clientMsgIds = new String[size];
        String[] types = new String[size];
        String[] contents = new String[size];
        String[] createdAts = new String[size];
        String[] editedAts = new String[size];
        String[] deletedAts = new String[size];
        Long[] lastEventSeqs = new Long[size];
        Set<String> rooms = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            MessageEntity row = mapper.toEntity(messages.get(i));
            ids[i] = row.getId();
            roomIds[i] = row.getRoomId();
            seqs[i] = row.getSeq();
            senderIds[i] = row.getSenderId();
            senderNames[i] = row.getSenderName();
            clientMsgIds[i] = row.getClientMsgId();
            types[i] = row.getType().name();
            contents[i] = row.getContent();
            createdAts[i] = timestamp(row.getCreatedAt());
            editedAts[i] = timestamp(row.getEditedAt());
            deletedAts[i] = timestamp(row.getDeletedAt());
            lastEventSeqs[i] = row.getLastEventSeq();
            rooms.add(row.getRoomId());
        }
        List<String> advanced;
        try {
            advanced = jdbc.sql(APPEND)
                    .params(ids, roomIds, seqs, senderIds, senderNames, clientMsgIds, types, contents,
                            createdAts, editedAts, deletedAts, lastEventSeqs)
                    .query(String.class)
                    .list();
        } catch (DataAccessException failure) {
            if (violates(failure, CLIENT_MSG_ID_CONSTRAINT)) {
                throw new DuplicateClientMsgIdException("a message of the batch repeats a stored clientMsgId", failure);
            }
            throw failure;
        }
        if (advanced.size() != rooms.size()) {
            advanced.forEach(rooms::remove);
            throw new IllegalStateException("rooms " + rooms + " are already at or past their new last seq");
        }
    }

    private Message messageRow(ResultSet rs, int rowNum) throws SQLException {
        MessageEntity row = new MessageEntity();
        row.setId(rs.getString(1));
        row.setRoomId(rs.getString(2));
        row.setSeq(rs.getLong(3));
        row.setSenderId(rs.getString(4));
        row.setSenderName(rs.getString(5));
        row.setClientMsgId(rs.getString(6));
        row.setType(MessageType.valueOf(rs.getString(7)));
        row.setContent(rs.getString(8));
        row.setCreatedAt(instant(rs, 9));
        row.setEditedAt(instant(rs, 10));
        row.setDeletedAt(instant(rs, 11));
        row.setLastEventSeq(rs.getLong(12));
        return mapper.toMessage(row);
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** PostgreSQL keeps microseconds; the text form is exact, and UTC whatever the session's time zone. */
    private static @Nullable String timestamp(@Nullable Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    /**
     * The message was usually read earlier in the same transaction (to check the edit or delete), so it is
     * found in the persistence context and this costs the UPDATE only.
     */
    @Override
    public void updateMessage(Message message) {
        MessageEntity entity = entityManager.find(MessageEntity.class, message.id().value());
        if (entity == null || !entity.getRoomId().equals(message.roomId().value())) {
            throw new IllegalStateException("message " + message.id() + " does not exist in room " + message.roomId());
        }
        mapper.applyChange(message, entity);
        entityManager.flush();
    }

    /** Reads the constraint name the server reports, which unlike the error text does not depend on locale. */
    private static boolean violates(Throwable failure, String constraint) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
                ServerErrorMessage detail = psql.getServerErrorMessage();
                return detail != null && constraint.equals(detail.getConstraint());
            }
            if (cause instanceof SQLException sql && sql.getNextException() != null) {
                return violates(sql.getNextException(), constraint);
            }
        }
        return false;
    }
}

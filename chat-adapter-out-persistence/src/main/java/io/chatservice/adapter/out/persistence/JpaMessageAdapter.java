package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.Session;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/** Messages through JPA: a write is one statement, flushed before the method returns. */
@Component
class JpaMessageAdapter implements LoadMessagePort, SaveMessagePort {

    /** Named in V1__chat_schema.sql. */
    static final String CLIENT_MSG_ID_CONSTRAINT = "message_client_msg_id_uk";

    private static final String UNIQUE_VIOLATION = "23505";

    private final JpaMessageRepository messages;
    private final EntityManager entityManager;
    private final PersistenceMapper mapper;

    JpaMessageAdapter(JpaMessageRepository messages, EntityManager entityManager, PersistenceMapper mapper) {
        this.messages = messages;
        this.entityManager = entityManager;
        this.mapper = mapper;
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
     * One statement: a row-value IN list, answered by probing {@code message_client_msg_id_uk} once per key.
     * Its text depends only on the number of keys.
     */
    @Override
    public List<Message> findByClientMsgIds(Collection<ClientMsgKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        String tuples = IntStream.range(0, keys.size())
                .mapToObj(i -> "(?" + (3 * i + 1) + ", ?" + (3 * i + 2) + ", ?" + (3 * i + 3) + ")")
                .collect(Collectors.joining(", "));
        var query = entityManager.createNativeQuery(
                "select * from message where (room_id, sender_id, client_msg_id) in (" + tuples + ")",
                MessageEntity.class);
        int position = 1;
        for (ClientMsgKey key : keys) {
            query.setParameter(position++, key.roomId().value());
            query.setParameter(position++, key.sender().value());
            query.setParameter(position++, key.clientMsgId().value());
        }
        @SuppressWarnings("unchecked")
        List<MessageEntity> found = query.getResultList();
        return found.stream().map(mapper::toMessage).toList();
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
     * One JDBC batch of inserts, flushed at once like {@link #insertMessage}: the batch size is raised to the
     * number of messages for this flush, so that a group commit is one round trip whatever the configured size.
     */
    @Override
    public void insertMessages(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Session session = entityManager.unwrap(Session.class);
        Integer configuredBatchSize = session.getJdbcBatchSize();
        session.setJdbcBatchSize(messages.size());
        try {
            messages.forEach(message -> entityManager.persist(mapper.toEntity(message)));
            entityManager.flush();
        } catch (PersistenceException failure) {
            if (violates(failure, CLIENT_MSG_ID_CONSTRAINT)) {
                throw new DuplicateClientMsgIdException("a message of the batch repeats a stored clientMsgId", failure);
            }
            throw failure;
        } finally {
            session.setJdbcBatchSize(configuredBatchSize);
        }
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

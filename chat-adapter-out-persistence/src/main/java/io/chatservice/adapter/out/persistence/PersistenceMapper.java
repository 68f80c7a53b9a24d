package io.chatservice.adapter.out.persistence;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.mapstruct.BeanMapping;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;
import org.mapstruct.ReportingPolicy;

/**
 * Entities to domain records and back. Rows are trusted, so rebuilding a domain object re-runs its
 * validation only as a guard: a row the domain would reject fails loudly instead of leaking out.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface PersistenceMapper {

    Message toMessage(MessageEntity entity);

    MessageEntity toEntity(Message message);

    /** An edit or delete changes only these columns; id, room, seq, author and type never change. */
    @BeanMapping(ignoreByDefault = true)
    @Mapping(target = "content")
    @Mapping(target = "editedAt")
    @Mapping(target = "deletedAt")
    @Mapping(target = "lastEventSeq")
    void applyChange(Message changed, @MappingTarget MessageEntity entity);

    Member toMember(RoomMemberEntity entity);

    List<Member> toMembers(Collection<RoomMemberEntity> entities);

    /** The aggregate has no public constructor: it is rebuilt through its factory, which records no events. */
    default Room toRoom(RoomEntity entity) {
        return Room.restore(
                RoomId.of(entity.getId()),
                new RoomName(entity.getName()),
                entity.getVisibility(),
                entity.getCreatedAt(),
                entity.getLastSeq(),
                toMembers(entity.getMembers()));
    }

    default MessageId toMessageId(String value) {
        return MessageId.of(value);
    }

    default RoomId toRoomId(String value) {
        return RoomId.of(value);
    }

    default UserId toUserId(String value) {
        return UserId.of(value);
    }

    default @Nullable ClientMsgId toClientMsgId(@Nullable String value) {
        return value == null ? null : ClientMsgId.of(value);
    }

    default @Nullable MessageContent toContent(@Nullable String value) {
        return value == null ? null : new MessageContent(value);
    }

    default String fromMessageId(MessageId id) {
        return id.value();
    }

    default String fromRoomId(RoomId id) {
        return id.value();
    }

    default String fromUserId(UserId id) {
        return id.value();
    }

    default @Nullable String fromClientMsgId(@Nullable ClientMsgId id) {
        return id == null ? null : id.value();
    }

    default @Nullable String fromContent(@Nullable MessageContent content) {
        return content == null ? null : content.value();
    }
}

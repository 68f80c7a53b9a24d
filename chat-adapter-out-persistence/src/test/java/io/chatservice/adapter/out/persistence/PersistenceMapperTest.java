package io.chatservice.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistenceMapperTest {

    private final PersistenceMapper mapper = new PersistenceMapperImpl();
    private final Instant now = Instant.parse("2026-01-01T12:00:00.123456Z");
    private final RoomId roomId = RoomId.of("r-1");
    private final UserId alice = UserId.of("alice");

    @Test
    void aTextMessageSurvivesTheTripThroughItsEntity() {
        Message sent = text(5);

        assertThat(mapper.toMessage(mapper.toEntity(sent))).isEqualTo(sent);
    }

    @Test
    void aTombstoneSurvivesTheTripThroughItsEntity() {
        Message tombstone = text(5).deleteBy(alice, false, 9, now.plusSeconds(1)).message();

        assertThat(mapper.toMessage(mapper.toEntity(tombstone))).isEqualTo(tombstone);
    }

    @Test
    void aMembershipRecordSurvivesTheTripThroughItsEntity() {
        Message joined = Message.memberJoined(roomId, 1, alice, "Alice", now).message();

        assertThat(mapper.toMessage(mapper.toEntity(joined))).isEqualTo(joined);
    }

    @Test
    void applyingAChangeTouchesOnlyWhatAnEditOrDeleteMayChange() {
        Message sent = text(5);
        MessageEntity entity = mapper.toEntity(sent);
        Message edited = sent.editBy(alice, MessageContent.of("better"), 7, now.plusSeconds(2)).message();

        mapper.applyChange(edited, entity);

        assertThat(mapper.toMessage(entity)).isEqualTo(edited);
    }

    @Test
    void aRoomIsRestoredWithItsMembersAndNoPendingEvents() {
        Room created = Room.create(
                roomId, RoomName.of("General"), Visibility.PUBLIC, alice, null, List.of(UserId.of("bob")), now);
        RoomEntity entity = new RoomEntity(
                roomId.value(), "General", Visibility.PUBLIC, now, created.lastSeq());
        created.members().forEach(member -> entity.getMembers().add(new RoomMemberEntity(entity, member)));

        Room restored = mapper.toRoom(entity);

        assertThat(restored.members()).containsExactlyElementsOf(created.members());
        assertThat(restored.lastSeq()).isEqualTo(2);
        assertThat(restored.drainEvents()).isEmpty();
    }

    @Test
    void aRowTheDomainWouldRejectFailsLoudly() {
        MessageEntity entity = mapper.toEntity(text(5));
        entity.setContent(null);

        assertThatThrownBy(() -> mapper.toMessage(entity)).isInstanceOf(IllegalArgumentException.class);
    }

    private Message text(long seq) {
        return Message.send(
                        MessageId.of("m-" + seq), roomId, seq, alice, "Alice", ClientMsgId.of("c-" + seq),
                        MessageContent.of("hello"), now)
                .message();
    }
}

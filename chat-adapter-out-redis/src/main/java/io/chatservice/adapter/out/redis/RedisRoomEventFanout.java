package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes broadcasts to the room's Redis channel ({@code chat.fanout=redis}); every instance that listens to the
 * room ({@link RedisRoomFeed}) delivers them, this one included. {@code PUBLISH} is synchronous: when Redis cannot
 * be reached or does not answer within {@code spring.data.redis.timeout}, this throws, so that the relay fails and
 * the event's publication stays incomplete, to be resubmitted by the publication registry.
 */
@Component
@ConditionalOnRedisFanout
class RedisRoomEventFanout implements RoomEventFanout, PublishTypingPort, PublishPresencePort {

    private final StringRedisTemplate redis;
    private final RoomBroadcastEncoder encoder;

    RedisRoomEventFanout(StringRedisTemplate redis, RoomBroadcastEncoder encoder) {
        this.redis = redis;
        this.encoder = encoder;
    }

    @Override
    public void fanOut(RoomEvent event) {
        publish(encoder.encode(event));
    }

    @Override
    public void publishTyping(RoomId roomId, UserId userId, boolean typing) {
        publish(encoder.encodeTyping(roomId, userId, typing));
    }

    @Override
    public void publishPresence(RoomId roomId, UserId userId, boolean online) {
        publish(encoder.encodePresence(roomId, userId, online));
    }

    private void publish(RoomBroadcast broadcast) {
        try {
            redis.convertAndSend(RoomChannels.channel(broadcast.roomId()), broadcast.json());
        } catch (DataAccessException e) {
            throw new BroadcastUnavailableException(
                    "could not publish a " + broadcast.kind() + " broadcast (seq " + broadcast.seq() + ") of room "
                            + broadcast.roomId() + " to Redis",
                    e);
        }
    }
}

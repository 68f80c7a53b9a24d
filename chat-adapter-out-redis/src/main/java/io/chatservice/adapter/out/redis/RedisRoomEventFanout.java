package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
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

    /** Bounds the replies a pipeline buffers and the time Redis spends on one batch. */
    static final int PUBLISHES_PER_PIPELINE = 500;

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

    /**
     * One pipeline per {@link #PUBLISHES_PER_PIPELINE} events instead of a round trip each. Pipelined commands
     * go out on one connection in order, so the events reach Redis, and every instance, in commit order.
     */
    @Override
    public void fanOutAll(List<? extends RoomEvent> events) {
        List<RoomBroadcast> broadcasts = events.stream().map(encoder::encode).toList();
        for (List<RoomBroadcast> chunk : pipelines(broadcasts)) {
            try {
                publishPipelined(chunk);
            } catch (DataAccessException e) {
                RoomBroadcast first = chunk.getFirst();
                throw new BroadcastUnavailableException(
                        "could not publish " + broadcasts.size() + " room events (from seq " + first.seq()
                                + " of room " + first.roomId() + ") to Redis",
                        e);
            }
        }
    }

    @Override
    public void publishTyping(RoomId roomId, UserId userId, boolean typing) {
        publish(encoder.encodeTyping(roomId, userId, typing));
    }

    /**
     * Pipelined in chunks, so that a user in thousands of rooms costs a few round trips rather than one per room;
     * a chunk that fails is reported after the others were tried.
     */
    @Override
    public void publishPresence(List<RoomId> rooms, UserId userId, boolean online) {
        List<RoomBroadcast> broadcasts = rooms.stream()
                .map(roomId -> encoder.encodePresence(roomId, userId, online))
                .toList();
        List<DataAccessException> failures = new ArrayList<>();
        int roomsNotTold = 0;
        for (List<RoomBroadcast> chunk : pipelines(broadcasts)) {
            try {
                publishPipelined(chunk);
            } catch (DataAccessException e) {
                roomsNotTold += chunk.size();
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            BroadcastUnavailableException unavailable = new BroadcastUnavailableException(
                    "could not publish the presence of " + userId + " to " + roomsNotTold + " of " + rooms.size()
                            + " rooms in Redis",
                    failures.getFirst());
            failures.stream().skip(1).forEach(unavailable::addSuppressed);
            throw unavailable;
        }
    }

    /** The broadcasts cut into pipelines of at most {@link #PUBLISHES_PER_PIPELINE}, in order. */
    private static List<List<RoomBroadcast>> pipelines(List<RoomBroadcast> broadcasts) {
        List<List<RoomBroadcast>> pipelines = new ArrayList<>();
        for (int from = 0; from < broadcasts.size(); from += PUBLISHES_PER_PIPELINE) {
            pipelines.add(broadcasts.subList(from, Math.min(broadcasts.size(), from + PUBLISHES_PER_PIPELINE)));
        }
        return pipelines;
    }

    private void publishPipelined(List<RoomBroadcast> chunk) {
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (RoomBroadcast broadcast : chunk) {
                connection.publish(
                        RoomChannels.channel(broadcast.roomId()).getBytes(StandardCharsets.UTF_8),
                        broadcast.json().getBytes(StandardCharsets.UTF_8));
            }
            return null; // a pipelined callback must return null: the replies come from executePipelined
        });
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

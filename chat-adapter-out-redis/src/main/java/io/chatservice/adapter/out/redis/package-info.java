/**
 * Fan-out of committed room events, typing and presence signals to every instance, and presence itself (who has
 * a connection open on any instance), behind one switch, {@code chat.fanout}
 * ({@link io.chatservice.adapter.out.redis.FanoutModeCheck} refuses anything else):
 * <ul>
 *   <li>{@code redis}: each broadcast is encoded once into the wire envelope and published to the room's channel
 *       {@code chat:room:<roomId>}; each instance subscribes to the rooms its own clients watch (counted by
 *       {@code RoomEventFeedPort}) and hands what arrives to its {@code DeliverRoomBroadcastPort}s; presence is a
 *       sorted set of leased connections per user ({@link io.chatservice.adapter.out.redis.RedisPresence});</li>
 *   <li>{@code local} (the default): the same encoding, handed straight to this process's deliveries; no Redis
 *       connection is ever opened; presence is counted in memory.</li>
 * </ul>
 * {@link io.chatservice.adapter.out.redis.RoomEventRelay} hands each event to the fan-out after its transaction
 * committed; a failed publish fails the relay, and the publication registry resubmits it.
 */
@ApplicationModule(allowedDependencies = {"application :: port.out", "domain :: message", "domain :: shared"})
@NullMarked
package io.chatservice.adapter.out.redis;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

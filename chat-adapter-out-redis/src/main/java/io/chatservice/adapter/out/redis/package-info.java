/**
 * Fan-out of committed room events to every instance. In this release the events go in-process
 * ({@code chat.fanout=local}); the Redis pub/sub variant plugs in behind the same {@link
 * io.chatservice.adapter.out.redis.RoomEventFanout}.
 */
@ApplicationModule(allowedDependencies = {"application :: port.out", "domain :: message", "domain :: shared"})
@NullMarked
package io.chatservice.adapter.out.redis;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

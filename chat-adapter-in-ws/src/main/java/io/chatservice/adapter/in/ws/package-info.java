/**
 * STOMP over WebSocket: the real-time entry point, at {@code /ws} (and {@code /ws-sockjs}).
 *
 * <p>CONNECT authenticates the bearer token with the REST adapter's {@code JwtDecoder} bean; SUBSCRIBE to a room
 * topic checks membership ({@code WatchRoomUseCase}) and makes this instance listen to the room; SEND calls the same
 * use cases as REST and answers after commit with an ack, a RECEIPT, or an error on {@code /user/queue/errors}.
 * Room broadcasts arrive through {@code DeliverRoomBroadcastPort} ({@link io.chatservice.adapter.in.ws.RoomSubscriptions}),
 * are put in seq order per room and pushed to the local subscribers; typing and presence skip the ordering and
 * skip clients that are backlogged. Each authenticated connection is reported to {@code PresenceUseCase} when it
 * opens and once when it ends ({@link io.chatservice.adapter.in.ws.ConnectionPresence}).
 * Each session's frames are processed one at a time in its own queue, and everything sent to it leaves through its
 * own ordered outbox ({@link io.chatservice.adapter.in.ws.Outbox}): a room event is encoded once for all its
 * subscribers, and frames already queued for a session are written together in one WebSocket message. Settings: {@code chat.ws.*} ({@link io.chatservice.adapter.in.ws.WebSocketProperties}).
 */
@ApplicationModule(allowedDependencies = {"application :: port.in", "application :: port.out", "domain :: message",
        "domain :: room", "domain :: shared"})
@NullMarked
package io.chatservice.adapter.in.ws;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/**
 * STOMP over WebSocket: the real-time entry point. Its endpoints, subscriptions and SEND handlers arrive with
 * the real-time release; the module exists now so that the architecture rules cover it from the start.
 */
@ApplicationModule(allowedDependencies = {"application :: port.in", "application :: port.out", "domain :: message",
        "domain :: room", "domain :: shared"})
@NullMarked
package io.chatservice.adapter.in.ws;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

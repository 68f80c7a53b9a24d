package io.chatservice.application.port.in;

import java.util.Objects;

/** @param connectionId the connection's id, unique on this instance */
public record ConnectionCommand(Caller caller, String connectionId) {

    public ConnectionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connectionId, "connectionId");
    }
}

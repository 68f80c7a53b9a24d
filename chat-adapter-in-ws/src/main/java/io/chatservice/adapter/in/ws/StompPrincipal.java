package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.Caller;
import java.security.Principal;
import java.util.Objects;

/** The session user Spring keeps for a connection: named by the token's {@code sub}, carrying the caller. */
record StompPrincipal(Caller caller) implements Principal {

    StompPrincipal {
        Objects.requireNonNull(caller, "caller");
    }

    @Override
    public String getName() {
        return caller.id().value();
    }
}

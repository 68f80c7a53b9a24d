package io.chatservice.application.port.in;

import java.util.Objects;

public record ListRoomsQuery(Caller caller) {

    public ListRoomsQuery {
        Objects.requireNonNull(caller, "caller");
    }
}

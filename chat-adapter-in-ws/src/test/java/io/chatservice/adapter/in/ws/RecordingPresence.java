package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.PresenceUseCase;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import java.util.ArrayList;
import java.util.List;

/** Records the presence calls as {@code "opened|closed <user> <connection>"}; fails each of them when told to. */
final class RecordingPresence implements PresenceUseCase {

    private final List<String> calls = new ArrayList<>();
    volatile boolean failing;

    @Override
    public void connectionOpened(ConnectionCommand command) {
        record("opened", command);
    }

    @Override
    public void connectionClosed(ConnectionCommand command) {
        record("closed", command);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private synchronized void record(String change, ConnectionCommand command) {
        calls.add(change + " " + command.caller().id().value() + " " + command.connectionId());
        if (failing) {
            throw new RealtimeUnavailableException("redis is down", new IllegalStateException("connection refused"));
        }
    }
}

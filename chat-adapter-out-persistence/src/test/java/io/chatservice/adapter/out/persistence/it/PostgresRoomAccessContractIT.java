package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.testing.contract.ChatPorts;
import io.chatservice.application.testing.contract.RoomAccessContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The room access contract against the PostgreSQL adapters (under test here: {@code PostgresRoomAccessAdapter}). */
@PersistenceTestContext
class PostgresRoomAccessContractIT extends RoomAccessContract {

    @Autowired
    private ChatPorts ports;

    @Override
    protected ChatPorts ports() {
        return ports;
    }
}

package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.testing.contract.ChatPorts;
import io.chatservice.application.testing.contract.RoomStoreContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The room store contract against the PostgreSQL adapters (under test here: {@code JpaRoomAdapter}). */
@PersistenceTestContext
class PostgresRoomStoreContractIT extends RoomStoreContract {

    @Autowired
    private ChatPorts ports;

    @Override
    protected ChatPorts ports() {
        return ports;
    }
}

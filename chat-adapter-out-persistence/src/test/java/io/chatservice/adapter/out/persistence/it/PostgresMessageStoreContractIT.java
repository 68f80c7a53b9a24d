package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.testing.contract.ChatPorts;
import io.chatservice.application.testing.contract.MessageStoreContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The message store contract against the PostgreSQL adapters (under test here: {@code JpaMessageAdapter}). */
@PersistenceTestContext
class PostgresMessageStoreContractIT extends MessageStoreContract {

    @Autowired
    private ChatPorts ports;

    @Override
    protected ChatPorts ports() {
        return ports;
    }
}

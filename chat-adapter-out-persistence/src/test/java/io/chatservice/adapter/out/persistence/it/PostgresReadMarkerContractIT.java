package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.testing.contract.ChatPorts;
import io.chatservice.application.testing.contract.ReadMarkerContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The read marker contract against the PostgreSQL adapters (under test here: {@code PostgresReadMarkerAdapter}). */
@PersistenceTestContext
class PostgresReadMarkerContractIT extends ReadMarkerContract {

    @Autowired
    private ChatPorts ports;

    @Override
    protected ChatPorts ports() {
        return ports;
    }
}

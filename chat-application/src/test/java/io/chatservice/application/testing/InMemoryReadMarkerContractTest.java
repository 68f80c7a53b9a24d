package io.chatservice.application.testing;

import io.chatservice.application.testing.contract.ChatPorts;
import io.chatservice.application.testing.contract.ReadMarkerContract;

/** The read marker contract against the in-memory fake that the service tests use. */
class InMemoryReadMarkerContractTest extends ReadMarkerContract {

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final ChatPorts ports = ChatPorts.of(new InMemoryTransactions(store), store);

    @Override
    protected ChatPorts ports() {
        return ports;
    }
}

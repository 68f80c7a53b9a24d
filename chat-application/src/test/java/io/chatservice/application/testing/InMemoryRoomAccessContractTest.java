package io.chatservice.application.testing;

import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.testing.contract.RoomAccessContract;

/** The room access contract against the in-memory fake that the service tests use. */
class InMemoryRoomAccessContractTest extends RoomAccessContract {

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryTransactions transactions = new InMemoryTransactions(store);

    @Override
    protected TransactionPort transactions() {
        return transactions;
    }

    @Override
    protected LoadRoomPort loadRoomPort() {
        return store;
    }

    @Override
    protected SaveRoomPort saveRoomPort() {
        return store;
    }

    @Override
    protected RoomAccessPort roomAccessPort() {
        return store;
    }

    @Override
    protected SaveMessagePort saveMessagePort() {
        return store;
    }
}

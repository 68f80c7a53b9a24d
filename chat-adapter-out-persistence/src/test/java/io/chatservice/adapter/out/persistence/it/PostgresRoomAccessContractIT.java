package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.testing.contract.RoomAccessContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The room access contract against the PostgreSQL adapters (under test here: {@code PostgresRoomAccessAdapter}). */
@PersistenceTestContext
class PostgresRoomAccessContractIT extends RoomAccessContract {

    @Autowired
    private TransactionPort transactions;

    @Autowired
    private LoadRoomPort loadRoom;

    @Autowired
    private SaveRoomPort saveRoom;

    @Autowired
    private RoomAccessPort roomAccess;

    @Autowired
    private SaveMessagePort saveMessages;

    @Override
    protected TransactionPort transactions() {
        return transactions;
    }

    @Override
    protected LoadRoomPort loadRoomPort() {
        return loadRoom;
    }

    @Override
    protected SaveRoomPort saveRoomPort() {
        return saveRoom;
    }

    @Override
    protected RoomAccessPort roomAccessPort() {
        return roomAccess;
    }

    @Override
    protected SaveMessagePort saveMessagePort() {
        return saveMessages;
    }
}

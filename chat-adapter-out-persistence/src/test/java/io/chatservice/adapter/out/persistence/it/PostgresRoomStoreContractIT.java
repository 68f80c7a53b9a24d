package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.testing.contract.RoomStoreContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The room store contract against the PostgreSQL adapters (under test here: {@code JpaRoomAdapter}). */
@PersistenceTestContext
class PostgresRoomStoreContractIT extends RoomStoreContract {

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

    @Autowired
    private ReadMarkerPort readMarkers;

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

    @Override
    protected ReadMarkerPort readMarkerPort() {
        return readMarkers;
    }
}

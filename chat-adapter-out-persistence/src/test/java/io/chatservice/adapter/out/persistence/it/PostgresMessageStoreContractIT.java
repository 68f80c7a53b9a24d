package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.testing.contract.MessageStoreContract;
import org.springframework.beans.factory.annotation.Autowired;

/** The message store contract against the PostgreSQL adapters (under test here: {@code JpaMessageAdapter}). */
@PersistenceTestContext
class PostgresMessageStoreContractIT extends MessageStoreContract {

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
    private LoadMessagePort loadMessages;

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
    protected LoadMessagePort loadMessagePort() {
        return loadMessages;
    }
}

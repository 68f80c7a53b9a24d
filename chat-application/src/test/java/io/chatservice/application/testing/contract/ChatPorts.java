package io.chatservice.application.testing.contract;

import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import java.util.Objects;

/** One implementation of every storage port plus its transaction boundary: what a contract runs against. */
public record ChatPorts(
        TransactionPort transactions,
        LoadRoomPort loadRoom,
        SaveRoomPort saveRoom,
        RoomAccessPort roomAccess,
        LoadMessagePort loadMessages,
        SaveMessagePort saveMessages,
        ReadMarkerPort readMarkers) {

    public ChatPorts {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(loadRoom, "loadRoom");
        Objects.requireNonNull(saveRoom, "saveRoom");
        Objects.requireNonNull(roomAccess, "roomAccess");
        Objects.requireNonNull(loadMessages, "loadMessages");
        Objects.requireNonNull(saveMessages, "saveMessages");
        Objects.requireNonNull(readMarkers, "readMarkers");
    }

    /** For a store that implements every port itself, as the in-memory fake does. */
    public static <S extends LoadRoomPort & SaveRoomPort & RoomAccessPort & LoadMessagePort & SaveMessagePort
                    & ReadMarkerPort>
            ChatPorts of(TransactionPort transactions, S store) {
        return new ChatPorts(transactions, store, store, store, store, store, store);
    }
}

package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.Optional;

/** Reads a room's last seq and one user's membership in one round trip. Empty when the room does not exist. */
public interface RoomAccessPort {

    Optional<RoomAccess> loadAccess(RoomId roomId, UserId user);

    /** The rooms the user is a member of, in no particular order; only their ids (no unread counts). */
    List<RoomId> roomIdsOf(UserId user);

    /**
     * Like {@link #loadAccess} but also locks the room's event counter until the transaction ends: the
     * caller then owns seq {@code lastSeq + 1} and must store it with {@link #advanceLastSeq}. Holding the
     * lock until commit is what makes seqs gap-free and assigned in commit order.
     */
    Optional<RoomAccess> lockForAppend(RoomId roomId, UserId user);

    /** Records the room's new last seq; only valid inside the transaction that holds the lock. */
    void advanceLastSeq(RoomId roomId, long newLastSeq);
}

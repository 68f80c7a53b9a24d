package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /**
     * {@link #lockForAppend} for several users and rooms at once (a group commit of sends): locks every room
     * asked for until the transaction ends, in ascending room id order, so that two such transactions never wait
     * for each other in a cycle. The answer holds each key whose room exists, with the room's last seq and the
     * user's membership as they are once all the locks are held; a key whose room does not exist is absent.
     * The seqs taken are stored with {@link SaveMessagePort#appendMessages}, together with the messages.
     */
    Map<RoomMemberKey, RoomAccess> lockAllForAppend(Collection<RoomMemberKey> keys);

    /** Records the room's new last seq; only valid inside the transaction that holds the lock. */
    void advanceLastSeq(RoomId roomId, long newLastSeq);
}

package io.chatservice.adapter.out.persistence;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface JpaRoomRepository extends Repository<RoomEntity, String> {

    @Query("select r from RoomEntity r left join fetch r.members where r.id = :id")
    Optional<RoomEntity> findWithMembersById(String id);

    /**
     * Locks the room row only; its members are loaded lazily afterwards, in a statement of their own, once the
     * lock is held. Fetched together with the lock they would be read as of before any wait for it: after a
     * wait PostgreSQL re-reads only the locked row, and Hibernate runs a lock on a fetch join as a follow-on
     * statement after the members have been read.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from RoomEntity r where r.id = :id")
    Optional<RoomEntity> lockById(String id);
}

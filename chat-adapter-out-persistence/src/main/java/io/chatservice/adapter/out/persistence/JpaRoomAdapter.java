package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import jakarta.persistence.EntityManager;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The room aggregate: its row and its member rows, loaded and saved together. */
@Component
class JpaRoomAdapter implements LoadRoomPort, SaveRoomPort {

    private final JpaRoomRepository rooms;
    private final EntityManager entityManager;
    private final PersistenceMapper mapper;

    JpaRoomAdapter(JpaRoomRepository rooms, EntityManager entityManager, PersistenceMapper mapper) {
        this.rooms = rooms;
        this.entityManager = entityManager;
        this.mapper = mapper;
    }

    @Override
    public Optional<Room> loadRoom(RoomId roomId) {
        return rooms.findWithMembersById(roomId.value()).map(mapper::toRoom);
    }

    /** Two statements: the lock, then the members, read once the lock is ours so they are current. */
    @Override
    public Optional<Room> loadRoomForUpdate(RoomId roomId) {
        Transactions.requireActive("loadRoomForUpdate");
        return rooms.lockById(roomId.value()).map(mapper::toRoom);
    }

    /**
     * Inserts or updates the room row and brings its member rows in line with the aggregate. A room loaded
     * for update in this transaction is still managed, so nothing is read again; only a new room costs a
     * lookup by primary key before its insert.
     */
    @Override
    public void saveRoom(Room room) {
        RoomEntity entity = entityManager.find(RoomEntity.class, room.id().value());
        if (entity == null) {
            entity = new RoomEntity(
                    room.id().value(), room.name().value(), room.visibility(), room.createdAt(), room.lastSeq());
            syncMembers(entity, room);
            entityManager.persist(entity);
        } else {
            entity.update(room.name().value(), room.visibility(), room.lastSeq());
            syncMembers(entity, room);
        }
        entityManager.flush();
    }

    private static void syncMembers(RoomEntity entity, Room room) {
        Map<String, Member> wanted = new LinkedHashMap<>();
        room.members().forEach(member -> wanted.put(member.userId().value(), member));
        for (Iterator<RoomMemberEntity> stored = entity.getMembers().iterator(); stored.hasNext(); ) {
            RoomMemberEntity row = stored.next();
            Member member = wanted.remove(row.getUserId());
            if (member == null) {
                stored.remove();
            } else {
                row.apply(member);
            }
        }
        wanted.values().forEach(member -> entity.getMembers().add(new RoomMemberEntity(entity, member)));
    }
}

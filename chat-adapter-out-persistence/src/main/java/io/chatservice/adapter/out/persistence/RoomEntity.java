package io.chatservice.adapter.out.persistence;

import io.chatservice.domain.room.Visibility;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.annotations.DynamicUpdate;

/** The {@code room} row: the room's attributes, its event counter and, as children, its members. */
@Entity
@Table(name = "room")
@DynamicUpdate
class RoomEntity {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "name", nullable = false, length = 100)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "visibility", nullable = false, length = 16)
    private Visibility visibility;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @OneToMany(mappedBy = "room", cascade = CascadeType.ALL, orphanRemoval = true)
    private Set<RoomMemberEntity> members = new HashSet<>();

    protected RoomEntity() {
        // for JPA
    }

    RoomEntity(String id, String name, Visibility visibility, Instant createdAt, long lastSeq) {
        this.id = id;
        this.name = name;
        this.visibility = visibility;
        this.createdAt = createdAt;
        this.lastSeq = lastSeq;
    }

    void update(String newName, Visibility newVisibility, long newLastSeq) {
        this.name = newName;
        this.visibility = newVisibility;
        this.lastSeq = newLastSeq;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Visibility getVisibility() {
        return visibility;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public long getLastSeq() {
        return lastSeq;
    }

    public Set<RoomMemberEntity> getMembers() {
        return members;
    }
}

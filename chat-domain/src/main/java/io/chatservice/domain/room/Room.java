package io.chatservice.domain.room;

import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A chat room and its membership: the aggregate that owns the membership rules and the room's event
 * counter. Every membership change takes the next seq and is recorded as an event; the application drains
 * the events after saving and publishes them.
 *
 * <p>Rules: anyone may join a PUBLIC room; any member may add members; an OWNER may remove members; anyone
 * may leave; when the last OWNER leaves, the longest-standing remaining member becomes OWNER, and whoever
 * enters a room that everyone has left becomes its OWNER, so a room with members always has an owner.
 */
public final class Room {

    public static final int MAX_INITIAL_MEMBERS = 100;

    private final RoomId id;
    private final RoomName name;
    private final Visibility visibility;
    private final Instant createdAt;
    private long lastSeq;
    private final Map<UserId, Member> members;
    private final List<RoomEvent> pendingEvents = new ArrayList<>();

    private Room(
            RoomId id, RoomName name, Visibility visibility, Instant createdAt, long lastSeq, Collection<Member> members) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.visibility = Objects.requireNonNull(visibility, "visibility");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative");
        }
        this.lastSeq = lastSeq;
        this.members = new LinkedHashMap<>();
        members.stream()
                .sorted(Comparator.comparingLong(Member::joinedSeq))
                .forEach(member -> this.members.put(member.userId(), member));
    }

    /** Rebuilds a room from storage; records no events. */
    public static Room restore(
            RoomId id, RoomName name, Visibility visibility, Instant createdAt, long lastSeq, Collection<Member> members) {
        return new Room(id, name, visibility, createdAt, lastSeq, members);
    }

    /**
     * Creates a room whose creator is its OWNER; the other initial members join as MEMBERs. Each joining is a
     * room event, the creator's first, so a new room's timeline starts with seq 1.
     */
    public static Room create(
            RoomId id,
            RoomName name,
            Visibility visibility,
            UserId creator,
            @Nullable String creatorName,
            Collection<UserId> initialMembers,
            Instant now) {
        var others = new LinkedHashSet<>(initialMembers);
        others.remove(creator);
        if (others.size() > MAX_INITIAL_MEMBERS) {
            throw new InvalidInputException("a room can be created with at most " + MAX_INITIAL_MEMBERS + " members");
        }
        Room room = new Room(id, name, visibility, now, 0, List.of());
        room.admit(creator, creatorName, MemberRole.OWNER, now);
        others.forEach(member -> room.admit(member, null, MemberRole.MEMBER, now));
        return room;
    }

    /**
     * {@code user} joins by themselves. Joining a room one is already in changes nothing.
     *
     * @throws PermissionDeniedException when the room is PRIVATE and the user is not a member
     */
    public void join(UserId user, @Nullable String userName, Instant now) {
        if (isMember(user)) {
            return;
        }
        if (visibility != Visibility.PUBLIC) {
            throw new PermissionDeniedException("a private room can only be entered by being added by a member");
        }
        admit(user, userName, MemberRole.MEMBER, now);
    }

    /**
     * A member adds {@code user}. Adding someone already in the room changes nothing.
     *
     * @throws PermissionDeniedException when {@code actor} is not a member
     */
    public void addMember(UserId actor, UserId user, Instant now) {
        requireMember(actor);
        if (isMember(user)) {
            return;
        }
        admit(user, null, MemberRole.MEMBER, now);
    }

    /**
     * {@code actor} removes {@code target}: themselves (leaving) or, as an OWNER, anyone else.
     *
     * @throws PermissionDeniedException when the actor is not a member, or removes someone else without being OWNER
     * @throws NotFoundException when the target is not a member
     */
    public void removeMember(UserId actor, UserId target, Instant now) {
        if (actor.equals(target)) {
            leave(actor, now);
            return;
        }
        Member actingMember = requireMember(actor);
        if (!actingMember.isOwner()) {
            throw new PermissionDeniedException("only an owner may remove other members");
        }
        if (!isMember(target)) {
            throw new NotFoundException("user is not a member of this room");
        }
        depart(target, actor, now);
    }

    /**
     * {@code user} leaves. When they were the last OWNER, the longest-standing remaining member becomes OWNER.
     *
     * @throws NotFoundException when the user is not a member
     */
    public void leave(UserId user, Instant now) {
        if (!isMember(user)) {
            throw new NotFoundException("user is not a member of this room");
        }
        depart(user, null, now);
    }

    private void admit(UserId user, @Nullable String userName, MemberRole role, Instant now) {
        // Whoever enters a room nobody owns (everyone left) takes it over: a room with members has an owner.
        MemberRole effectiveRole = members.values().stream().noneMatch(Member::isOwner) ? MemberRole.OWNER : role;
        long seq = ++lastSeq;
        // A new member has read nothing yet, but the events before they joined are not unread for them.
        members.put(user, new Member(user, effectiveRole, now, seq, seq));
        pendingEvents.add(Message.memberJoined(id, seq, user, userName, now));
    }

    private void depart(UserId user, @Nullable UserId removedBy, Instant now) {
        Member leaving = members.remove(user);
        UserId newOwner = null;
        if (leaving != null && leaving.isOwner() && members.values().stream().noneMatch(Member::isOwner)) {
            newOwner = members.values().stream()
                    .min(Comparator.comparingLong(Member::joinedSeq))
                    .map(successor -> {
                        members.put(successor.userId(), successor.withRole(MemberRole.OWNER));
                        return successor.userId();
                    })
                    .orElse(null);
        }
        long seq = ++lastSeq;
        MemberLeft left = Message.memberLeft(id, seq, user, removedBy, newOwner, now);
        pendingEvents.add(left);
    }

    private Member requireMember(UserId user) {
        Member member = members.get(user);
        if (member == null) {
            throw new PermissionDeniedException("not a member of this room");
        }
        return member;
    }

    public boolean isMember(UserId user) {
        return members.containsKey(user);
    }

    public Optional<Member> member(UserId user) {
        return Optional.ofNullable(members.get(user));
    }

    /** Hands over the events recorded since the last call, oldest first, and forgets them. */
    public List<RoomEvent> drainEvents() {
        List<RoomEvent> drained = List.copyOf(pendingEvents);
        pendingEvents.clear();
        return drained;
    }

    public RoomId id() {
        return id;
    }

    public RoomName name() {
        return name;
    }

    public Visibility visibility() {
        return visibility;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The seq of the room's latest event; 0 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Members, longest-standing first. */
    public List<Member> members() {
        return List.copyOf(members.values());
    }
}

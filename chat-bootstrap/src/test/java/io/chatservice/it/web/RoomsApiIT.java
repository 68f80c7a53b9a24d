package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rooms and membership through the real HTTP stack: create, list, read, join, add, remove, leave. */
class RoomsApiIT extends RestApiTest {

    @Test
    void creatingARoomAnswers201WithItsLocationAndMakesTheCallerOwner() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");

        ApiResponse created = alice.post("/rooms", Map.of(
                "name", "  Weekly sync \u2728  ", "visibility", "PUBLIC", "memberIds", List.of(bob.id(), carol.id())));

        JsonNode room = created.expect(201);
        String roomId = room.path("roomId").stringValue();
        assertThat(roomId).isNotBlank();
        assertThat(created.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/rooms/" + roomId));
        assertThat(room.path("name").stringValue()).isEqualTo("Weekly sync \u2728");
        assertThat(room.path("visibility").stringValue()).isEqualTo("PUBLIC");
        assertThat(room.path("createdAt").stringValue()).isNotBlank();
        // One JOIN event per member, the creator's first.
        assertThat(room.path("lastSeq").longValue()).isEqualTo(3);
        assertThat(roles(room)).containsExactly(
                entry(alice.id(), "OWNER"), entry(bob.id(), "MEMBER"), entry(carol.id(), "MEMBER"));
        assertThat(bob.room(roomId)).isEqualTo(room);

        JsonNode timeline = bob.timeline(roomId).path("messages");
        assertThat(timeline.valueStream().map(m -> m.path("type").stringValue())).containsOnly("JOIN");
        assertThat(timeline.valueStream().map(m -> m.path("senderId").stringValue()))
                .containsExactly(alice.id(), bob.id(), carol.id());
        assertThat(timeline.valueStream().map(m -> m.path("seq").longValue())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void roomListShowsOnlyTheCallersRoomsWithRoleLastSeqAndUnreadCount() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String shared = alice.createRoomWith(bob);
        String alicesOwn = alice.createRoomWith();
        alice.send(shared, "one");
        alice.send(shared, "two");

        JsonNode bobsRooms = bob.rooms();
        assertThat(bobsRooms.isArray()).isTrue();
        assertThat(bobsRooms.valueStream().map(r -> r.path("roomId").stringValue())).containsExactly(shared);
        JsonNode bobsView = bobsRooms.get(0);
        assertThat(bobsView.path("role").stringValue()).isEqualTo("MEMBER");
        assertThat(bobsView.path("lastSeq").longValue()).isEqualTo(4);
        assertThat(bobsView.path("unreadCount").longValue()).isEqualTo(2);
        assertThat(bobsView.path("name").stringValue()).isEqualTo("room of " + alice.id());
        assertThat(bobsView.path("visibility").stringValue()).isEqualTo("PUBLIC");

        bob.send(shared, "three");

        Map<String, JsonNode> alicesRooms = byRoomId(alice.rooms());
        assertThat(alicesRooms).containsOnlyKeys(shared, alicesOwn);
        assertThat(alicesRooms.get(shared).path("role").stringValue()).isEqualTo("OWNER");
        assertThat(alicesRooms.get(shared).path("lastSeq").longValue()).isEqualTo(5);
        // Her own two messages are not unread for her; bob's one is.
        assertThat(alicesRooms.get(shared).path("unreadCount").longValue()).isEqualTo(1);
        assertThat(alicesRooms.get(alicesOwn).path("lastSeq").longValue()).isEqualTo(1);
        assertThat(alicesRooms.get(alicesOwn).path("unreadCount").longValue()).isZero();
    }

    @Test
    void anyoneMayJoinAPublicRoomAndJoiningAgainChangesNothing() {
        ApiUser alice = api.newUser("alice");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith();

        JsonNode joined = carol.join(roomId);

        assertThat(roles(joined)).containsExactly(entry(alice.id(), "OWNER"), entry(carol.id(), "MEMBER"));
        assertThat(joined.path("lastSeq").longValue()).isEqualTo(2);
        JsonNode joinRecord = lastMessage(alice.timeline(roomId));
        assertThat(joinRecord.path("type").stringValue()).isEqualTo("JOIN");
        assertThat(joinRecord.path("senderId").stringValue()).isEqualTo(carol.id());
        assertThat(joinRecord.path("senderName").stringValue()).isEqualTo("carol");
        assertThat(joinRecord.path("content").isNull()).isTrue();
        assertThat(carol.rooms().valueStream().map(r -> r.path("roomId").stringValue())).containsExactly(roomId);

        JsonNode timelineBefore = alice.timeline(roomId);
        JsonNode again = carol.join(roomId);

        assertThat(again.path("lastSeq").longValue()).isEqualTo(2);
        assertThat(alice.timeline(roomId)).isEqualTo(timelineBefore);
    }

    @Test
    void anyMemberMayAddAMemberWhoThenHasAccess() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser dave = api.newUser("dave");
        String roomId = alice.createPrivateRoomWith(bob);

        JsonNode room = bob.addMember(roomId, dave);

        assertThat(roles(room)).containsExactly(
                entry(alice.id(), "OWNER"), entry(bob.id(), "MEMBER"), entry(dave.id(), "MEMBER"));
        assertThat(room.path("lastSeq").longValue()).isEqualTo(3);
        assertThat(dave.room(roomId)).isEqualTo(room);
        assertThat(dave.rooms().valueStream().map(r -> r.path("roomId").stringValue())).containsExactly(roomId);

        JsonNode again = alice.addMember(roomId, dave);
        assertThat(again.path("lastSeq").longValue()).as("adding a member twice is no event").isEqualTo(3);
    }

    @Test
    void ownerRemovesAMemberWhoThenLosesAccess() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);

        ApiResponse removed = alice.delete("/rooms/" + roomId + "/members/" + bob.id());

        removed.expect(204);
        assertThat(removed.body()).isEmpty();
        JsonNode room = alice.room(roomId);
        assertThat(roles(room)).containsExactly(entry(alice.id(), "OWNER"), entry(carol.id(), "MEMBER"));
        assertThat(room.path("lastSeq").longValue()).isEqualTo(4);
        JsonNode leaveRecord = lastMessage(carol.timeline(roomId));
        assertThat(leaveRecord.path("type").stringValue()).isEqualTo("LEAVE");
        assertThat(leaveRecord.path("senderId").stringValue()).isEqualTo(bob.id());
        assertThat(leaveRecord.path("seq").longValue()).isEqualTo(4);
        ApiAssertions.assertProblem(bob.get("/rooms/" + roomId), 403, "FORBIDDEN");
        assertThat(bob.rooms()).isEmpty();
    }

    @Test
    void memberLeavesByRemovingThemselves() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);

        bob.removeMember(roomId, bob);

        assertThat(roles(alice.room(roomId))).containsExactly(entry(alice.id(), "OWNER"));
        JsonNode leaveRecord = lastMessage(alice.timeline(roomId));
        assertThat(leaveRecord.path("type").stringValue()).isEqualTo("LEAVE");
        assertThat(leaveRecord.path("senderId").stringValue()).isEqualTo(bob.id());
        assertThat(bob.rooms()).isEmpty();
    }

    @Test
    void lastOwnerLeavingHandsOwnershipToTheLongestStandingMember() {
        ApiUser alice = api.newUser("alice");
        // Named so that neither alphabetical order nor join order reversed would pick the right successor.
        ApiUser zoe = api.newUser("zoe");
        ApiUser adam = api.newUser("adam");
        ApiUser bea = api.newUser("bea");
        String roomId = alice.createRoomWith();
        alice.addMember(roomId, zoe);
        alice.addMember(roomId, adam);
        bea.join(roomId);

        alice.removeMember(roomId, alice);

        JsonNode room = adam.room(roomId);
        assertThat(roles(room)).containsExactly(
                entry(zoe.id(), "OWNER"), entry(adam.id(), "MEMBER"), entry(bea.id(), "MEMBER"));
        assertThat(byRoomId(zoe.rooms()).get(roomId).path("role").stringValue()).isEqualTo("OWNER");
        // The new owner has an owner's powers.
        zoe.removeMember(roomId, adam);
        assertThat(roles(zoe.room(roomId))).containsExactly(entry(zoe.id(), "OWNER"), entry(bea.id(), "MEMBER"));
    }

    @Test
    void joiningAPublicRoomEveryoneHasLeftMakesTheJoinerOwner() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith();
        alice.removeMember(roomId, alice);

        JsonNode room = bob.join(roomId);

        // The room's rule: a room with members always has an owner, who can remove members and delete messages.
        assertThat(roles(room)).containsExactly(entry(bob.id(), "OWNER"));
    }

    /** userId to role, in the order the API lists members (longest-standing first). */
    private static Map<String, String> roles(JsonNode room) {
        Map<String, String> roles = new LinkedHashMap<>();
        room.path("members").forEach(member ->
                roles.put(member.path("userId").stringValue(), member.path("role").stringValue()));
        return roles;
    }

    private static Map<String, JsonNode> byRoomId(JsonNode rooms) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        rooms.forEach(room -> byId.put(room.path("roomId").stringValue(), room));
        return byId;
    }

    private static JsonNode lastMessage(JsonNode syncPage) {
        JsonNode messages = syncPage.path("messages");
        return messages.get(messages.size() - 1);
    }
}

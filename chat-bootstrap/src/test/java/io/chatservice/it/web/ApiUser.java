package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One user talking to the API with their own bearer token. The plain verbs return whatever the server said;
 * the named shortcuts are for steps a test needs to succeed on its way to what it checks, and fail fast.
 * Paths are relative to {@code /api/v1}.
 */
public final class ApiUser {

    private final ApiClient api;
    private final String id;
    private final String token;

    public ApiUser(ApiClient api, String id, String token) {
        this.api = api;
        this.id = id;
        this.token = token;
    }

    public String id() {
        return id;
    }

    /** The bearer token, for the same user over another protocol (a STOMP CONNECT). */
    public String token() {
        return token;
    }

    /** A GET whose path and query go out exactly as written, unencoded characters included. */
    public ApiResponse getRaw(String path) {
        return api.rawRequest("GET", ApiClient.V1 + path, token);
    }

    public ApiResponse deleteRaw(String path) {
        return api.rawRequest("DELETE", ApiClient.V1 + path, token);
    }

    public ApiResponse get(String path) {
        return api.call("GET", ApiClient.V1 + path, token, null);
    }

    public ApiResponse post(String path, Object body) {
        return postJson(path, ApiClient.json(body));
    }

    /** The body exactly as given, for JSON a serializer would never produce. */
    public ApiResponse postJson(String path, String json) {
        return api.call("POST", ApiClient.V1 + path, token, json);
    }

    public ApiResponse postWithoutBody(String path) {
        return api.call("POST", ApiClient.V1 + path, token, null);
    }

    public ApiResponse patch(String path, Object body) {
        return api.call("PATCH", ApiClient.V1 + path, token, ApiClient.json(body));
    }

    public ApiResponse delete(String path) {
        return api.call("DELETE", ApiClient.V1 + path, token, null);
    }

    // Shortcuts for steps that must succeed.

    public JsonNode createRoom(String name, String visibility, ApiUser... members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("visibility", visibility);
        body.put("memberIds", Arrays.stream(members).map(ApiUser::id).toList());
        return post("/rooms", body).expect(201);
    }

    /** A new PUBLIC room with the given members besides the caller; its id. */
    public String createRoomWith(ApiUser... members) {
        return createRoom("room of " + id, "PUBLIC", members).path("roomId").stringValue();
    }

    public String createPrivateRoomWith(ApiUser... members) {
        return createRoom("private room of " + id, "PRIVATE", members).path("roomId").stringValue();
    }

    public JsonNode room(String roomId) {
        return get("/rooms/" + roomId).expect(200);
    }

    public long lastSeq(String roomId) {
        return room(roomId).path("lastSeq").longValue();
    }

    public JsonNode rooms() {
        return get("/rooms").expect(200);
    }

    public JsonNode join(String roomId) {
        return postWithoutBody("/rooms/" + roomId + "/join").expect(200);
    }

    public JsonNode addMember(String roomId, ApiUser member) {
        return post("/rooms/" + roomId + "/members", Map.of("userId", member.id())).expect(200);
    }

    public void removeMember(String roomId, ApiUser member) {
        delete("/rooms/" + roomId + "/members/" + member.id()).expect(204);
    }

    public ApiResponse trySend(String roomId, String clientMsgId, String content) {
        return post("/rooms/" + roomId + "/messages", Map.of("clientMsgId", clientMsgId, "content", content));
    }

    /** Sends {@code content} under a fresh clientMsgId; the message as the server stored it. */
    public JsonNode send(String roomId, String content) {
        return trySend(roomId, "c-" + UUID.randomUUID(), content).expect(201);
    }

    public String sendId(String roomId, String content) {
        return send(roomId, content).path("messageId").stringValue();
    }

    public JsonNode edit(String roomId, String messageId, String content) {
        return patch("/rooms/" + roomId + "/messages/" + messageId, Map.of("content", content)).expect(200);
    }

    public JsonNode deleteMessage(String roomId, String messageId) {
        return delete("/rooms/" + roomId + "/messages/" + messageId).expect(200);
    }

    /** {@code query} without the leading {@code ?}, empty for the newest page. */
    public JsonNode history(String roomId, String query) {
        return get("/rooms/" + roomId + "/messages" + (query.isEmpty() ? "" : "?" + query)).expect(200);
    }

    public JsonNode sync(String roomId, String query) {
        return get("/rooms/" + roomId + "/messages?" + query).expect(200);
    }

    /**
     * Every message of the room in its current state, by syncing from the start. Two equal timelines mean no
     * room event happened in between: every send, edit, delete, join and leave changes it.
     */
    public JsonNode timeline(String roomId) {
        JsonNode page = sync(roomId, "sinceSeq=0&limit=200");
        assertThat(page.path("hasMore").booleanValue()).as("the test room fits one sync page").isFalse();
        return page;
    }

    /** The message with that id, as history shows it now. */
    public JsonNode message(String roomId, String messageId) {
        List<JsonNode> found = timeline(roomId).path("messages").valueStream()
                .filter(message -> messageId.equals(message.path("messageId").stringValue()))
                .toList();
        assertThat(found).as("message %s in room %s", messageId, roomId).hasSize(1);
        return found.getFirst();
    }

    public JsonNode markRead(String roomId, String messageId) {
        return post("/rooms/" + roomId + "/read", Map.of("lastReadMessageId", messageId)).expect(200);
    }

    public JsonNode unread(String roomId) {
        return get("/rooms/" + roomId + "/unread").expect(200);
    }

    @Override
    public String toString() {
        return id;
    }
}

package io.chatservice.it.ws;

/** The STOMP destinations of the public API, spelled once. */
public final class Destinations {

    private Destinations() {
    }

    public static String room(String roomId) {
        return "/topic/rooms/" + roomId;
    }

    public static String typing(String roomId) {
        return room(roomId) + "/typing";
    }

    public static String presence(String roomId) {
        return room(roomId) + "/presence";
    }

    public static String messages(String roomId) {
        return "/app/rooms/" + roomId + "/messages";
    }

    public static String edit(String roomId, String messageId) {
        return messages(roomId) + "/" + messageId + "/edit";
    }

    public static String delete(String roomId, String messageId) {
        return messages(roomId) + "/" + messageId + "/delete";
    }

    public static String sendTyping(String roomId) {
        return "/app/rooms/" + roomId + "/typing";
    }

    public static String read(String roomId) {
        return "/app/rooms/" + roomId + "/read";
    }
}

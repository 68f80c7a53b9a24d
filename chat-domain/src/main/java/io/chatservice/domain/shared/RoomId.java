package io.chatservice.domain.shared;

/** An opaque room id: 1 to 64 characters; the service creates them as time-ordered UUIDs. */
public record RoomId(String value) {

    public static final int MAX_LENGTH = 64;

    public RoomId {
        Identifiers.requireAddressableId(value, "room id", MAX_LENGTH);
    }

    public static RoomId of(String value) {
        return new RoomId(value);
    }

    public static RoomId newId() {
        return new RoomId(Identifiers.timeOrderedUuid());
    }

    @Override
    public String toString() {
        return value;
    }
}

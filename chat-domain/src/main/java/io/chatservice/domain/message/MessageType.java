package io.chatservice.domain.message;

/** What a message is: a user's text, or the system's record of a member joining or leaving. */
public enum MessageType {
    TEXT,
    JOIN,
    LEAVE
}

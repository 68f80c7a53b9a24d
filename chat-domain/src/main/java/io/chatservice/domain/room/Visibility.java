package io.chatservice.domain.room;

/** PUBLIC rooms can be joined by anyone; PRIVATE rooms only by being added by a member. */
public enum Visibility {
    PUBLIC,
    PRIVATE
}

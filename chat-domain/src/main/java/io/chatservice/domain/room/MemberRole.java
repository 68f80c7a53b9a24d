package io.chatservice.domain.room;

/** OWNERs may remove members and delete anyone's messages; MEMBERs may add members. */
public enum MemberRole {
    OWNER,
    MEMBER
}

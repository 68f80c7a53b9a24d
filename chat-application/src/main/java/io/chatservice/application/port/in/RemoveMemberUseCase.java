package io.chatservice.application.port.in;

/** The caller leaves (removing themselves) or, as OWNER, removes another member. */
public interface RemoveMemberUseCase {

    void removeMember(RemoveMemberCommand command);
}

package io.chatservice.application.port.in;

/** A member adds another user to the room; adding a member again changes nothing. */
public interface AddMemberUseCase {

    RoomDetails addMember(AddMemberCommand command);
}

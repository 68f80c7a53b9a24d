package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.AddMemberUseCase;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.GetPresenceUseCase;
import io.chatservice.application.port.in.GetRoomUseCase;
import io.chatservice.application.port.in.GetUnreadUseCase;
import io.chatservice.application.port.in.JoinRoomUseCase;
import io.chatservice.application.port.in.ListRoomsUseCase;
import io.chatservice.application.port.in.LoadHistoryUseCase;
import io.chatservice.application.port.in.MarkReadUseCase;
import io.chatservice.application.port.in.RemoveMemberUseCase;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SyncMessagesUseCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The REST adapter as Spring MVC runs it, security filters included, with every use case a Mockito mock:
 * what is tested is the HTTP mapping, the JSON and the errors, not the use cases.
 */
@WebMvcTest
@Import({SecurityConfiguration.class, JwtConfiguration.class})
@TestPropertySource(properties = {
        "chat.auth.secret=" + TestTokens.SECRET,
        "chat.dev-tokens.enabled=true",
        "chat.web.max-request-body-size=64KB"})
abstract class WebAdapterSliceTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CreateRoomUseCase createRoom;
    @MockitoBean
    ListRoomsUseCase listRooms;
    @MockitoBean
    GetRoomUseCase getRoom;
    @MockitoBean
    JoinRoomUseCase joinRoom;
    @MockitoBean
    AddMemberUseCase addMember;
    @MockitoBean
    RemoveMemberUseCase removeMember;
    @MockitoBean
    SendMessageUseCase sendMessage;
    @MockitoBean
    EditMessageUseCase editMessage;
    @MockitoBean
    DeleteMessageUseCase deleteMessage;
    @MockitoBean
    LoadHistoryUseCase loadHistory;
    @MockitoBean
    SyncMessagesUseCase syncMessages;
    @MockitoBean
    MarkReadUseCase markRead;
    @MockitoBean
    GetUnreadUseCase getUnread;
    @MockitoBean
    GetPresenceUseCase getPresence;

    /** Alice, display name "Alice", with a valid token. */
    static RequestPostProcessor alice() {
        return bearer(TestTokens.valid("alice", "Alice"));
    }

    static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }
}

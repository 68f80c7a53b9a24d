package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

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
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.SyncMessagesUseCase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The few behaviours that only a real servlet container shows: a chunked body (no Content-Length) that
 * passes the limit while Jackson reads it, and what the client sees on the wire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.auth.secret=" + TestTokens.SECRET,
        "chat.web.max-request-body-size=64KB"})
class HttpStackTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @MockitoBean
    SendMessageUseCase sendMessage;
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

    @Test
    void aChunkedBodyPassingTheLimitIs413NotA500() throws Exception {
        byte[] body = ("{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"padding\":\"" + "x".repeat(200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = send()
                // An input stream has no known length, so the client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        verifyNoInteractions(sendMessage);
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413() throws Exception {
        String body = "{\"clientMsgId\":\"c-1\",\"content\":\"" + "x".repeat(70_000) + "\"}";

        HttpResponse<String> response =
                http.send(send().POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    }

    @Test
    void aNormalSendGoesThrough() throws Exception {
        given(sendMessage.sendMessage(any())).willReturn(new SendResult(Fixtures.text("m-1", 1, "c-1", "hi"), false));

        HttpResponse<String> response = http.send(
                send().POST(HttpRequest.BodyPublishers.ofString("{\"clientMsgId\":\"c-1\",\"content\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"messageId\":\"m-1\"");
    }

    @Test
    void withoutATokenTheWireShowsA401Problem() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rooms")).build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
    }

    private HttpRequest.Builder send() {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rooms/r-1/messages"))
                .header("Authorization", "Bearer " + TestTokens.valid("alice", "Alice"))
                .header("Content-Type", "application/json");
    }
}

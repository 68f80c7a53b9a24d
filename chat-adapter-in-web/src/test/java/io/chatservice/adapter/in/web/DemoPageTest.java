package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The demo page over a real Tomcat: {@code /} is Spring Boot's welcome page, a forward to {@code /index.html} that
 * only a servlet container performs, and both must be open to anonymous browsers while everything else stays
 * behind the bearer token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.auth.secret=" + TestTokens.SECRET,
        "chat.web.max-request-body-size=64KB"})
class DemoPageTest {

    private static final Pattern EXTERNAL_SCRIPT = Pattern.compile("<script[^>]*\\ssrc=", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXTERNAL_LINK =
            Pattern.compile("<link[^>]*\\shref=\"(?!data:)", Pattern.CASE_INSENSITIVE);

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

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html"})
    void thePageIsServedToAnonymousBrowsers(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<title>chat-service demo</title>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html"})
    void thePageLoadsNothingFromElsewhere(String path) throws Exception {
        String page = get(path).body();

        assertThat(page).contains("<script");
        assertThat(EXTERNAL_SCRIPT.matcher(page).find()).as("a <script src=...>").isFalse();
        assertThat(EXTERNAL_LINK.matcher(page).find()).as("a <link href=...> other than data:").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/rooms", "/favicon.ico", "/other.html", "/index.htm"})
    void everythingElseStillNeedsAToken(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html"})
    void onlyGetIsOpenOnThePagePaths(String path) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString("x")).build();

        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}

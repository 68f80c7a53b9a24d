package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the Tomcat this project runs on: the text write path resolves (an upgrade that renames any of it fails
 * here, not silently in production), and what it writes arrives as text messages, with Tomcat's own writes still
 * working between them.
 */
class TomcatTextWriterTest {

    private static final String SHORT = "MESSAGE\ncontent-length:13\n\nh\u00e9llo \u20ac \ud83d\ude00\0";
    private static final String LONG = "x\u00e9".repeat(40_000);

    private Tomcat tomcat;

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void theWritePathResolvesOnThisTomcat() {
        assertThat(TomcatTextWriter.available()).isTrue();
    }

    @Test
    void encodedBytesArriveAsTextMessagesBetweenTomcatsOwnWrites(@TempDir Path baseDir) throws Exception {
        int port = startTomcat(baseDir);
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch fourMessages = new CountDownLatch(4);
        StringBuilder partial = new StringBuilder();

        WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                            fourMessages.countDown();
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        assertThat(fourMessages.await(10, TimeUnit.SECONDS)).as("messages received: %s", received.size()).isTrue();
        assertThat(received).containsExactly(SHORT, "from Tomcat's own writer", LONG, "and once more");
        client.abort();
    }

    private int startTomcat(Path baseDir) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", baseDir.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs filters (WsFilter does the upgrade) only for a request mapped to some servlet.
        Tomcat.addServlet(context, "default", new HttpServlet() {
        });
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        var container = (ServerContainer) context.getServletContext().getAttribute(ServerContainer.class.getName());
        container.addEndpoint(ServerEndpointConfig.Builder.create(WritingEndpoint.class, "/ws").build());
        return tomcat.getConnector().getLocalPort();
    }

    /** On open, writes encoded bytes and Tomcat's own text, alternately. */
    public static class WritingEndpoint extends Endpoint {

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            try {
                TomcatTextWriter writer = TomcatTextWriter.of(session);
                assertThat(writer).isNotNull();
                writer.write(ByteBuffer.wrap(SHORT.getBytes(StandardCharsets.UTF_8)));
                session.getBasicRemote().sendText("from Tomcat's own writer");
                writer.write(ByteBuffer.wrap(LONG.getBytes(StandardCharsets.UTF_8)));
                session.getBasicRemote().sendText("and once more");
            } catch (Exception failed) {
                throw new IllegalStateException(failed);
            }
        }
    }
}

package io.chatservice;

import io.chatservice.it.web.ApiClient;
import io.chatservice.it.web.Tokens;
import io.chatservice.it.ws.ChatInstance;
import io.chatservice.it.ws.StompTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An instance of the service in a child JVM, so that a test can kill it the way an operating system does
 * ({@code SIGKILL}: no shutdown hook, no graceful shutdown, nothing flushed). It runs {@link ChatApplication} on
 * the test JVM's own class path with the properties of a {@link ChatInstance}; its output goes to a file under
 * {@code target/child-processes/} for diagnosis. A shutdown hook kills whatever a failed test left running.
 */
final class ChatProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "child-processes");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ChatProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the instance and waits until it answers {@code /actuator/health} with UP. */
    static ChatProcess start(String name, Map<String, String> overrides) {
        return launch(name, overrides).awaitHealthy();
    }

    /** Starts the instance without waiting for it: the test can start others meanwhile, then {@link #awaitHealthy}. */
    static ChatProcess launch(String name, Map<String, String> overrides) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Starts faster; the child lives for seconds.
                "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                ChatApplication.class.getName()));
        ChatInstance.properties(name, overrides).forEach((key, value) -> {
            if (!key.equals("server.port")) {
                command.add("--" + key + "=" + value);
            }
        });
        command.add("--server.port=" + port);
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + "-" + System.currentTimeMillis() + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            RUNNING.add(process);
            return new ChatProcess(name, port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    int port() {
        return port;
    }

    ApiClient api() {
        return new ApiClient(port, new Tokens(ChatInstance.SECRET));
    }

    StompTestClient stomp() {
        return new StompTestClient(port);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(this + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + this, e);
        }
        RUNNING.remove(process);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        RUNNING.remove(process);
    }

    @Override
    public String toString() {
        return "child process " + name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }

    /** Waits until the instance answers {@code /actuator/health} with UP; kills it if it does not in time. */
    ChatProcess awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                RUNNING.remove(process);
                throw new AssertionError(this + " exited with " + process.exitValue() + " while starting; see its log");
            }
            try {
                HttpResponse<String> answer = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + this, e);
            }
            sleep(Duration.ofMillis(200));
        }
        close();
        throw new AssertionError(this + " was not healthy within " + STARTUP + "; see its log");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

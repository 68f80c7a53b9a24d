package io.chatservice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a local port in front of a real server, which a test can cut, stall and restore: cut closes every
 * proxied connection and answers each new one by closing it at once, as a server that went away would look to
 * a client that keeps trying; stall keeps the connections open but holds every byte, either way, as a server that
 * hangs would look (a client's command then waits for its timeout). One virtual thread per direction per
 * connection.
 */
final class CuttableTcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** What clients sent while stalled, as Latin-1 text (the first 64 KiB): the commands held. */
    private final StringBuilder heldFromClients = new StringBuilder();
    private volatile boolean cut;
    private volatile boolean stalled;
    private volatile boolean closed;

    private CuttableTcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("proxy-accept-" + port()).start(this::acceptLoop);
    }

    static CuttableTcpProxy to(String targetHost, int targetPort) {
        try {
            return new CuttableTcpProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the proxy port", e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** Drops every connection through the proxy and refuses to forward new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        sockets.forEach(CuttableTcpProxy::closeQuietly);
        sockets.clear();
    }

    /**
     * Holds every byte read from now on, in both directions, until {@link #restore()}; connections stay open and new
     * ones are accepted. Bytes held when a connection is closed (a cut, or {@link #close()}) are dropped, never sent.
     */
    void stall() {
        stalled = true;
    }

    /**
     * What clients sent while the proxy was stalled, as text with line breaks as spaces: the commands held, each
     * connection's first read only (a stalled proxy reads no further from that connection).
     */
    String heldFromClients() {
        synchronized (heldFromClients) {
            return heldFromClients.toString().replace("\r\n", " ");
        }
    }

    void restore() {
        cut = false;
        stalled = false;
    }

    @Override
    public void close() {
        closed = true;
        cut();
        closeQuietly(server);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (stalled && fromClient) {
                    synchronized (heldFromClients) {
                        if (heldFromClients.length() < 64 * 1024) {
                            heldFromClients.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                        }
                    }
                }
                while (stalled) {
                    if (from.isClosed() || to.isClosed()) {
                        return;
                    }
                    Thread.sleep(5);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException closedMeanwhile) {
            // cut(), or either side closed or failed: the proxied connection ends with it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception alreadyClosed) {
            // Closing twice, or a socket the peer reset: nothing left to release.
        }
    }
}

package io.chorus.api.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder between the service and PostgreSQL, so a test can take the database away and bring it back on
 * the same address: {@link #stop()} as a restart would (every connection cut, new ones refused), {@link #freeze()}
 * as a network partition would (connections stay open, nothing gets through, new ones connect and then hear
 * nothing).
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    /** Guarded by this: a connection accepted while stop() runs is either in here before it, or closed at once. */
    private final List<Socket> open = new ArrayList<>();
    private ServerSocket listener;
    private boolean listening;
    private boolean frozen;

    /**
     * A proxy in front of the database this JDBC URL names, and the URL that reaches the same database through it:
     * what a test that takes the database away gives the service.
     */
    public record InFront(TcpProxy proxy, String jdbcUrl) {
    }

    public static InFront inFrontOf(String jdbcUrl) {
        String hostAndPort = io.chorus.testing.TestDatabase.hostOf(jdbcUrl);
        String[] parts = hostAndPort.split(":");
        TcpProxy proxy = new TcpProxy(parts[0].equals("localhost") ? "127.0.0.1" : parts[0],
                parts.length > 1 ? Integer.parseInt(parts[1]) : 5432);
        return new InFront(proxy, jdbcUrl.replace(hostAndPort, "127.0.0.1:" + proxy.port()));
    }

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        start();
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            listener = socket;
            listening = true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
        ServerSocket socket = listener;
        Thread accepter = new Thread(() -> accept(socket), "tcp-proxy-accept");
        accepter.setDaemon(true);
        accepter.start();
    }

    /** The database is gone: the listener closes and every open connection is cut. */
    public synchronized void stop() {
        listening = false;
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        thaw();
    }

    /** The network freezes: nothing more is forwarded either way, and nothing is closed, until {@link #thaw()}. */
    public synchronized void freeze() {
        frozen = true;
    }

    public synchronized void thaw() {
        frozen = false;
        notifyAll();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return;
            }
            Socket server;
            try {
                server = new Socket(targetHost, targetPort);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            synchronized (this) {
                if (!listening || socket != listener) {
                    // stop() ran between accept() and here: this connection must not outlive it.
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                open.add(client);
                open.add(server);
            }
            pump(client, server);
            pump(server, client);
        }
    }

    private synchronized void awaitThaw() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitThaw();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // One side closed: close both below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public void close() {
        stop();
    }
}

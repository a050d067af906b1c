package dev.servermonitor.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a service and the real PostgreSQL that can do what production does to a
 * database: {@link #freeze()} stops every byte while connections stay open (a stopped or overloaded
 * server, a hung network), {@link #down()} drops every connection and refuses new ones (a restart,
 * a crash). The shared test database must not be frozen itself: other modules test against it at
 * the same time.
 */
public final class DatabaseProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean down;

    public DatabaseProxy() {
        this.targetHost = Objects.requireNonNullElse(System.getenv("DB_HOST"), "127.0.0.1");
        this.targetPort = Integer.parseInt(Objects.requireNonNullElse(System.getenv("DB_PORT"), "5432"));
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "db-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections stay open; nothing passes in either direction until {@link #resume()}. */
    public void freeze() {
        frozen = true;
    }

    /** Every connection is closed; new ones are accepted and closed at once until {@link #resume()}. */
    public void down() {
        down = true;
        open.forEach(DatabaseProxy::closeQuietly);
        open.clear();
    }

    /** Back to relaying. */
    public void resume() {
        down = false;
        synchronized (this) {
            frozen = false;
            notifyAll();
        }
    }

    @Override
    public void close() {
        down();
        resume();
        closeQuietly(listener);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // listener closed, or the real database refused: the client sees its socket close
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitThaw();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "db-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void awaitThaw() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}

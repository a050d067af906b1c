package dev.servermonitor.gateway.terminal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmarks' terminal client: a WebSocket (RFC 6455) on a plain blocking socket, written and
 * read by the measuring thread itself, as {@code ssh -tt}'s output is read beside it. The JDK's
 * {@code java.net.http.WebSocket} hands every frame through its selector thread and is itself still
 * being compiled by its JVM after 3,000 keystrokes; on two cores shared with the gateway, sshd and
 * the shell, that measured the client as much as the gateway. This one has a few dozen lines of
 * code in its hot path and no thread of its own.
 */
final class BlockingTerminalSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] mask = new byte[4];
    /** The payload of the last frame {@link #readFrame} read (valid up to {@link #length}). */
    byte[] payload = new byte[64 * 1024];
    int length;

    /**
     * Opens {@code /ws/terminal/{server}} on 127.0.0.1:{@code port} with {@code token} in the header.
     */
    BlockingTerminalSocket(int port, long server, String token) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 128 * 1024);
        out = socket.getOutputStream();
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(("GET /ws/terminal/" + server + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String status = line();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("the gateway refused the upgrade: " + status);
        }
        while (!line().isEmpty()) {
            // the upgrade's headers
        }
    }

    /** Sends {@code data} as one binary frame. */
    void sendBinary(byte[] data) throws IOException {
        send(0x2, data, data.length);
    }

    /**
     * One unfragmented frame of {@code opcode} with the first {@code n} bytes of {@code data}, masked
     * as a client must.
     */
    private void send(int opcode, byte[] data, int n) throws IOException {
        if (n > 0xFFFF) {
            throw new IllegalArgumentException("a frame of " + n + " bytes: the benchmark sends at most 64 KiB");
        }
        int header = n < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + n];
        frame[0] = (byte) (0x80 | opcode);
        if (header == 2) {
            frame[1] = (byte) (0x80 | n);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >> 8);
            frame[3] = (byte) n;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < n; i++) {
            frame[header + 4 + i] = (byte) (data[i] ^ mask[i & 3]);
        }
        out.write(frame);
    }

    /** Whether a frame (or part of one) has arrived and is waiting to be read. */
    boolean ready() throws IOException {
        return in.available() > 0;
    }

    /**
     * Reads the next data frame into {@link #payload}; answers pings; true for binary (terminal
     * output), false for text (a control message). A close frame ends it with an {@link EOFException}.
     */
    boolean readFrame() throws IOException {
        while (true) {
            int b0 = read();
            int b1 = read();
            long n = b1 & 0x7F;
            if (n == 126) {
                n = (read() << 8) | read();
            } else if (n == 127) {
                n = 0;
                for (int i = 0; i < 8; i++) {
                    n = (n << 8) | read();
                }
            }
            if ((b1 & 0x80) != 0 || n > Integer.MAX_VALUE - 8) {
                throw new IOException("a frame a server may not send");
            }
            if (payload.length < n) {
                payload = new byte[(int) n];
            }
            length = (int) n;
            readFully(payload, length);
            int opcode = b0 & 0x0F;
            switch (opcode) {
                case 0x2 -> {
                    return true;
                }
                case 0x1 -> {
                    return false;
                }
                case 0x8 -> throw new EOFException("the gateway closed: "
                        + new String(payload, 0, length, StandardCharsets.UTF_8));
                case 0x9 -> send(0xA, payload, length); // pong
                default -> {
                    // pong or continuation: nothing the benchmark sends for
                }
            }
        }
    }

    /** The last frame's payload as text. */
    String text() {
        return new String(payload, 0, length, StandardCharsets.UTF_8);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the gateway's socket ended");
        }
        return b;
    }

    private void readFully(byte[] into, int n) throws IOException {
        int at = 0;
        while (at < n) {
            int r = in.read(into, at, n - at);
            if (r < 0) {
                throw new EOFException("the gateway's socket ended inside a frame");
            }
            at += r;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = read()) != '\n') {
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            send(0x8, new byte[]{0x03, (byte) 0xE8}, 2); // 1000, normal closure
        } finally {
            socket.close();
        }
    }
}

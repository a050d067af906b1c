package dev.servermonitor.gateway.session;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

import io.netty.buffer.Unpooled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/**
 * Moves bytes between one SSH shell channel and one WebSocket, both ways, without blocking a
 * thread. Output: one asynchronous read of the channel at a time; while more than
 * {@code bufferLimit} bytes are sent but not yet written to the browser's socket (or waiting for
 * the recording store), no further read is issued, so SSH's window closes and the server stops
 * sending. Input: one write at a time, whatever arrived meanwhile is sent with the next.
 */
final class ShellBridge {

    /**
     * Read buffers adapt between these sizes: a keystroke's echo gets a small one, a flood grows it to
     * the maximum, so an interactive session allocates next to nothing per round trip (garbage is what
     * makes latency spikes) and a flood goes out in few, large frames.
     */
    private static final int MIN_READ = 1024;
    private static final int MAX_READ = 64 * 1024;

    private final ClientSession ssh;
    private final ChannelShell channel;
    private final IoInputStream out;
    private final IoOutputStream in;
    private final WebSocketConnection ws;
    private final long bufferLimit;
    private final Listener listener;

    private final AtomicLong unsent = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final InputQueue input = new InputQueue();
    /** Only the one read in flight touches it. */
    private int readSize = MIN_READ;

    /** What the session learns from the bridge. */
    interface Listener {

        /**
         * Output read from SSH, before it is sent (counting, recording, idle clock); read it, keep no
         * reference.
         */
        void output(byte[] data, int offset, int length);

        /** The recording's backlog, which holds output back like the browser's does. */
        long recordingBacklog();

        /** The shell ended (exit, EOF, broken connection); {@code exitStatus} when the shell said it. */
        void ended(Integer exitStatus, Throwable error);
    }

    ShellBridge(ClientSession ssh, ChannelShell channel, WebSocketConnection ws, long bufferLimit, Listener listener) {
        this.ssh = ssh;
        this.channel = channel;
        this.out = channel.getAsyncOut();
        this.in = channel.getAsyncIn();
        this.ws = ws;
        this.bufferLimit = bufferLimit;
        this.listener = listener;
    }

    void start() {
        readNext();
    }

    /** Bytes typed in the browser, on their way to the shell. */
    void write(byte[] data) {
        input.add(data);
    }

    void resize(int cols, int rows) throws IOException {
        channel.sendWindowChange(cols, rows);
    }

    /** Output bytes sent to the browser and not yet written to its socket. */
    long unsent() {
        return unsent.get();
    }

    /** Closes the channel and the SSH connection at once; idempotent. */
    void stop() {
        if (stopped.compareAndSet(false, true)) {
            channel.close(true);
            ssh.close(true);
        }
    }

    /** Called when the recording store caught up: output may flow again. */
    void resumeIfPaused() {
        if (!stopped.get() && underLimit() && paused.compareAndSet(true, false)) {
            readNext();
        }
    }

    private void readNext() {
        if (stopped.get()) {
            return;
        }
        ByteArrayBuffer buffer = new ByteArrayBuffer(readSize, false);
        out.read(buffer).addListener(f -> {
            Throwable error = f.getException();
            int n = error == null ? f.getRead() : -1;
            if (n < 0) {
                if (!stopped.get()) {
                    Integer exit = channel.getExitStatus();
                    // no exit status and the session gone: the connection was cut off (a dead network, or a
                    // server that left SshConnector.KEEPALIVE_MAX_MISSED keepalives unanswered), not an exit
                    listener.ended(exit, error == null && exit == null && !ssh.isOpen()
                            ? new java.io.IOException("the SSH connection was lost")
                            : error);
                }
                return;
            }
            // the read buffer is this read's alone: the frame wraps it instead of copying it
            int length = buffer.available();
            readSize = length >= buffer.capacity()
                    ? Math.min(MAX_READ, readSize * 2)
                    : Math.max(MIN_READ, Integer.highestOneBit(Math.max(1, length)) * 2);
            listener.output(buffer.array(), buffer.rpos(), length);
            unsent.addAndGet(length);
            ws.sendBinary(Buffer.buffer(Unpooled.wrappedBuffer(buffer.array(), buffer.rpos(), length))).subscribe()
                    .with(ok -> sent(length), e -> sent(length));
            if (underLimit()) {
                readNext();
            } else {
                // park, then look again: a send that completed in between would otherwise miss the resume
                paused.set(true);
                resumeIfPaused();
            }
        });
    }

    private void sent(int n) {
        unsent.addAndGet(-n);
        resumeIfPaused();
    }

    private boolean underLimit() {
        return unsent.get() < bufferLimit && listener.recordingBacklog() < bufferLimit;
    }

    /** Input waiting for the write in flight; coalesced into one write when it completes. */
    private final class InputQueue {

        private final java.io.ByteArrayOutputStream waiting = new java.io.ByteArrayOutputStream();
        private boolean writing;

        synchronized void add(byte[] data) {
            waiting.write(data, 0, data.length);
            if (!writing) {
                flush();
            }
        }

        private synchronized void flush() {
            if (waiting.size() == 0 || stopped.get()) {
                writing = false;
                return;
            }
            writing = true;
            byte[] next = waiting.toByteArray();
            waiting.reset();
            try {
                in.writeBuffer(new ByteArrayBuffer(next)).addListener(f -> {
                    if (f.getException() != null) {
                        synchronized (this) {
                            writing = false;
                        }
                        return; // the channel is closing; the read side reports the end
                    }
                    flush();
                });
            } catch (IOException e) {
                writing = false;
            }
        }

        synchronized int size() {
            return waiting.size();
        }
    }

    /** Input bytes not yet handed to SSH. */
    int inputBacklog() {
        return input.size();
    }
}

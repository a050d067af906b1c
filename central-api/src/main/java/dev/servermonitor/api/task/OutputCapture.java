package dev.servermonitor.api.task;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * One output stream of a task: keeps at most {@code cap} bytes (none when output is not stored) and
 * counts every byte. Memory never exceeds the cap, however much the command prints; the rest is
 * read and dropped so the remote side never blocks on us.
 */
final class OutputCapture extends OutputStream {

    private final int cap;
    private final boolean keep;
    private byte[] buffer = new byte[0];
    private int kept;
    private long total;

    OutputCapture(int cap, boolean keep) {
        this.cap = cap;
        this.keep = keep;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        total += length;
        if (!keep || kept >= cap) {
            return;
        }
        int n = Math.min(length, cap - kept);
        if (kept + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(cap, Math.max(kept + n, buffer.length * 2 + 4096)));
        }
        System.arraycopy(bytes, offset, buffer, kept, n);
        kept += n;
    }

    /** The bytes kept (at most the cap; empty when output is not stored). */
    synchronized byte[] kept() {
        return Arrays.copyOf(buffer, kept);
    }

    /** Every byte received. */
    synchronized long total() {
        return total;
    }

    /** Whether more arrived than the cap allows keeping. */
    synchronized boolean truncated() {
        return total > cap;
    }

    /** Bytes of buffer currently allocated: never more than the cap. */
    synchronized int capacity() {
        return buffer.length;
    }
}

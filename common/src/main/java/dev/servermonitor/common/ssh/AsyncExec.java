package dev.servermonitor.common.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

import io.smallrye.mutiny.Uni;

/**
 * One command on an open session without holding a thread: MINA's I/O threads deliver the output
 * and the exit, and the answer completes when the server closes the channel. Standard output is
 * kept up to {@code maxBytes} (the rest is counted); standard error is dropped.
 */
public final class AsyncExec {

    /** How the command ended; {@code exitStatus} null when the server did not say. */
    public record Result(Integer exitStatus, String stdout, long stdoutBytes, boolean truncated) {
    }

    private AsyncExec() {
    }

    public static Uni<Result> run(ClientSession session, String command, int maxBytes, Duration timeout) {
        Capped out = new Capped(maxBytes);
        AtomicReference<ChannelExec> channel = new AtomicReference<>();
        return Uni.createFrom().<Result>emitter(em -> {
            try {
                ChannelExec c = session.createExecChannel(command);
                channel.set(c);
                c.setOut(out);
                c.setErr(OutputStream.nullOutputStream());
                c.addCloseFutureListener(closed -> em.complete(new Result(c.getExitStatus(), out.text(), out.count,
                        out.count > maxBytes)));
                c.open().addListener(opened -> {
                    if (!opened.isOpened()) {
                        c.close(true);
                        em.fail(new SshFailure("ssh_error", "the server refused to run a command", null));
                    }
                });
            } catch (IOException e) {
                em.fail(new SshFailure("ssh_error", "the command channel could not be opened", null));
            }
        }).ifNoItem().after(timeout)
                .failWith(() -> new SshFailure("timeout",
                        "the command did not finish within " + words(timeout),
                        null))
                .onFailure().invoke(e -> close(channel.get())).onCancellation().invoke(() -> close(channel.get()));
    }

    static String words(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static void close(ChannelExec c) {
        if (c != null) {
            c.close(true);
        }
    }

    /**
     * Keeps the first {@code max} bytes, counts all; MINA writes from one thread at a time. The buffer
     * grows as output arrives: a monitor runs hundreds of these a second, and most answers are a few
     * KiB while the cap is far larger.
     */
    private static final class Capped extends OutputStream {

        private static final int FIRST = 8 * 1024;
        private final int max;
        private byte[] kept = new byte[0];
        private volatile long count;

        Capped(int max) {
            this.max = max;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = (int) Math.max(0, Math.min(len, max - count));
            if (room > 0) {
                int need = (int) count + room;
                if (need > kept.length) {
                    kept = Arrays.copyOf(kept, Math.min(max, Math.max(need, Math.max(FIRST, kept.length * 2))));
                }
                System.arraycopy(b, off, kept, (int) count, room);
            }
            count += len;
        }

        synchronized String text() {
            return new String(kept, 0, (int) Math.min(count, max), StandardCharsets.UTF_8);
        }
    }
}

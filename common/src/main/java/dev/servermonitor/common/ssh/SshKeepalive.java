package dev.servermonitor.common.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * OpenSSH's {@code ServerAliveInterval}/{@code ServerAliveCountMax} for one session: every interval
 * a {@code keepalive@openssh.com} global request asking for a reply (OpenSSH answers it with a
 * refusal, which counts as a reply); a server that leaves {@link SshConnector#KEEPALIVE_MAX_MISSED}
 * in a row unanswered is dead, frozen or cut off, and the session is closed, which ends every
 * channel on it.
 * <p>
 * MINA's own heartbeat cannot be used per session: its connection service reads the interval when
 * the session object is built, before a caller can set it on the session (so a keepalive set after
 * connecting was silently never sent).
 */
final class SshKeepalive {

    static final String REQUEST = "keepalive@openssh.com";

    private static final Logger LOG = Logger.getLogger(SshKeepalive.class);

    private final ClientSession session;
    private final int maxMissed;
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile ScheduledFuture<?> task;

    private SshKeepalive(ClientSession session, int maxMissed) {
        this.session = session;
        this.maxMissed = maxMissed;
    }

    /** Starts keepalives on an authenticated {@code session}; they stop when it closes. */
    static void start(ClientSession session, Duration interval, int maxMissed) {
        SshKeepalive k = new SshKeepalive(session, maxMissed);
        long ms = Math.max(100, interval.toMillis());
        k.task = session.getFactoryManager().getScheduledExecutorService().scheduleAtFixedRate(k::beat, ms, ms,
                TimeUnit.MILLISECONDS);
        session.addCloseFutureListener(f -> k.stop());
    }

    private void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void beat() {
        if (!session.isOpen()) {
            stop();
            return;
        }
        if (unanswered.get() >= maxMissed) {
            LOG.debugf("SSH server %s left %d keepalives unanswered: closing the session", session.getRemoteAddress(),
                    maxMissed);
            stop();
            session.close(true);
            return;
        }
        unanswered.incrementAndGet();
        try {
            Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
            buffer.putString(REQUEST);
            buffer.putBoolean(true);
            // success or failure: either is an answer from a live server
            session.request(buffer, REQUEST, (cmd, reply) -> unanswered.set(0));
        } catch (IOException | RuntimeException e) {
            stop();
            session.close(true);
        }
    }
}

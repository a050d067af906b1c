package dev.servermonitor.api.task;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.jboss.logging.Logger;

import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.common.ssh.SshPurpose;
import dev.servermonitor.common.ssh.SshTarget;

/**
 * One run of one task over SSH, on the calling (worker) thread: connect with the vault credential
 * and the trusted host key, run the wrapped command, capture output up to the cap, and stop it for
 * a timeout, a cancellation or a shutdown by killing its remote process group. {@link #stop} may be
 * called from any thread.
 */
final class TaskExecution {

    private static final Logger LOG = Logger.getLogger(TaskExecution.class);
    /** How long a stop waits for the command to announce its process group. */
    private static final Duration PGID_WAIT = Duration.ofSeconds(2);
    private static final Duration CHANNEL_OPEN = Duration.ofSeconds(10);
    /** How long a stopped command's channel may take to close politely. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    /** Why a run was stopped before the command ended by itself. */
    enum StopReason {

        TIMEOUT(TaskStatus.TIMEOUT),
        CANCELLED(TaskStatus.CANCELLED),
        INTERRUPTED(TaskStatus.INTERRUPTED);

        final TaskStatus status;

        StopReason(TaskStatus status) {
            this.status = status;
        }
    }

    /** How the run ended. */
    record Outcome(TaskStatus status, Integer exitCode, String error, OutputCapture stdout, OutputCapture stderr) {
    }

    /** Connection and kill timings. */
    record Timeouts(Duration connect, Duration auth, Duration killGrace, Duration keepalive) {
    }

    private final Task task;
    private final SshConnector ssh;
    private final Timeouts timeouts;
    private final OutputCapture stdout;
    private final OutputCapture stderr;
    private final RemoteCommand.StderrWithPid stderrWithPid;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final AtomicBoolean killed = new AtomicBoolean();
    private volatile ClientSession session;
    private volatile ChannelExec channel;
    /**
     * Completed with whether the kill command confirmed the group gone. A stop from another thread (a
     * cancellation) kills there while this run sees the channel close as soon as the command dies: the
     * outcome waits for this, or it would say "could not be confirmed killed" of processes being
     * killed.
     */
    private final CompletableFuture<Boolean> killConfirmed = new CompletableFuture<>();

    TaskExecution(Task task, SshConnector ssh, Timeouts timeouts, int outputCap) {
        this.task = task;
        this.ssh = ssh;
        this.timeouts = timeouts;
        this.stdout = new OutputCapture(outputCap, task.storeOutput());
        this.stderr = new OutputCapture(outputCap, task.storeOutput());
        this.stderrWithPid = new RemoteCommand.StderrWithPid(stderr);
    }

    Task task() {
        return task;
    }

    /** The remote process group, once the command announces it (null if it never does). */
    CompletableFuture<Long> processGroup() {
        return stderrWithPid.pgid();
    }

    Outcome run(SshTarget target) {
        // the keepalive notices a server that stops answering mid-run (KEEPALIVE_MAX_MISSED unanswered): the
        // session closes, and the task fails saying so instead of waiting out its whole timeout
        try (ClientSession s = ssh.connect(SshPurpose.TASK, target, timeouts.connect(), timeouts.auth(),
                timeouts.keepalive())) {
            session = s;
            if (stopReason.get() != null) {
                return stopped();
            }
            try (ChannelExec ch = s.createExecChannel(RemoteCommand.wrap(task.command(), task.id()))) {
                ch.setIn(InputStream.nullInputStream());
                ch.setOut(stdout);
                ch.setErr(stderrWithPid);
                ch.open().verify(CHANNEL_OPEN);
                channel = ch;
                if (stopReason.get() != null) {
                    kill();
                }
                Set<ClientChannelEvent> events = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        Duration.ofSeconds(task.timeoutSeconds()));
                if (!events.contains(ClientChannelEvent.CLOSED)) {
                    stop(StopReason.TIMEOUT);
                }
                if (stopReason.get() != null && !ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        timeouts.killGrace().plus(CLOSE_WAIT).plusSeconds(5)).contains(ClientChannelEvent.CLOSED)) {
                    // belt and braces: a stopped command never holds this worker
                    ch.close(true);
                }
                stderrWithPid.close();
                Integer exit = ch.getExitStatus();
                if (exit == null && stopReason.get() == null && !s.isOpen()) {
                    return new Outcome(TaskStatus.FAILED, null, "ssh_lost: the server stopped answering ("
                            + SshConnector.KEEPALIVE_MAX_MISSED + " keepalives in a row unanswered); whether the"
                            + " command finished is unknown", stdout, stderr);
                }
                // a stop that found the command already gone changes nothing: it ended by itself
                return stopReason.get() == null || (!killed.get() && exit != null) ? exited(exit) : stopped();
            }
        } catch (SshFailure f) {
            return new Outcome(stopReason.get() != null ? stopReason.get().status : TaskStatus.FAILED, null,
                    f.code() + ": " + f.getMessage(), stdout, stderr);
        } catch (IOException e) {
            if (stopReason.get() != null) {
                return stopped();
            }
            LOG.warnf("Task %d: SSH failed: %s", task.id(), e.getClass().getSimpleName());
            return new Outcome(TaskStatus.FAILED, null, "ssh_error: the SSH channel failed ("
                    + e.getClass().getSimpleName() + ")", stdout, stderr);
        }
    }

    /**
     * Stops the run for {@code reason} (the first reason given wins) by killing the remote process
     * group. Blocks for up to the kill grace plus a few seconds; call it off the event loop.
     */
    void stop(StopReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            kill();
        }
    }

    private void kill() {
        ChannelExec ch = channel;
        ClientSession s = session;
        if (ch == null || s == null || ch.isClosed() || ch.isClosing() || !killed.compareAndSet(false, true)) {
            return;
        }
        boolean confirmed = false;
        try {
            confirmed = killGroup(ch, s);
        } finally {
            killConfirmed.complete(confirmed);
        }
    }

    /**
     * TERM then KILL to the command's group from a second channel, then our side closed: true if
     * confirmed.
     */
    private boolean killGroup(ChannelExec ch, ClientSession s) {
        boolean confirmed = false;
        Long pgid = awaitPgid();
        if (pgid != null) {
            int tenths = (int) Math.max(1, timeouts.killGrace().toMillis() / 100);
            try (ChannelExec killer = s.createExecChannel(RemoteCommand.kill(pgid, tenths))) {
                killer.setIn(InputStream.nullInputStream());
                killer.open().verify(CHANNEL_OPEN);
                killer.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeouts.killGrace().plusSeconds(3));
                Integer status = killer.getExitStatus();
                confirmed = status != null && status == 0;
            } catch (IOException e) {
                LOG.warnf("Task %d: could not run the kill command: %s", task.id(), e.getClass().getSimpleName());
            }
        } else {
            LOG.warnf("Task %d: the command never announced its process group; closing the channel only",
                    task.id());
        }
        // whatever the kill achieved, our side of the command ends here; if the server does not confirm the
        // close (processes it could not kill still hold the streams), the channel is dropped outright
        try {
            if (!ch.close(false).await(CLOSE_WAIT)) {
                ch.close(true);
            }
        } catch (IOException e) {
            ch.close(true);
        }
        return confirmed;
    }

    /** Whether the kill (if one ran) confirmed the group gone, waiting for it to finish. */
    private boolean killWasConfirmed() {
        try {
            return killConfirmed.get(PGID_WAIT.plus(CHANNEL_OPEN).plus(timeouts.killGrace()).plusSeconds(3)
                    .plus(CLOSE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private Long awaitPgid() {
        try {
            return stderrWithPid.pgid().get(PGID_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private Outcome exited(Integer exitStatus) {
        if (exitStatus == null) {
            return new Outcome(TaskStatus.FAILED, null, "the connection ended before the command reported an exit"
                    + " status", stdout, stderr);
        }
        return new Outcome(exitStatus == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED, exitStatus, null, stdout,
                stderr);
    }

    private Outcome stopped() {
        StopReason reason = stopReason.get();
        String how = !killed.get()
                ? "before the command started"
                : killWasConfirmed()
                        ? "; its remote processes were killed"
                        : "; the remote processes could not be confirmed killed";
        String why = switch (reason) {
            case TIMEOUT -> "timed out after " + task.timeoutSeconds() + " s";
            case CANCELLED -> "cancelled";
            case INTERRUPTED -> "interrupted: central-api shut down";
        };
        return new Outcome(reason.status, null, why + (how.startsWith(";") ? how : " " + how), stdout, stderr);
    }
}

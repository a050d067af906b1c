package dev.servermonitor.api.task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

import dev.servermonitor.common.ssh.SshConnector;
import dev.servermonitor.common.ssh.SshFailure;
import dev.servermonitor.common.ssh.SshPurpose;
import dev.servermonitor.common.ssh.SshTarget;

/**
 * What a dead instance's task left running on its server: the instance that recovers the task
 * connects as the task did and kills the task's process group, if the group still carries the
 * task's marker ({@link RemoteCommand#killLeftOver}). Blocking; on a control thread.
 */
final class LeftOverProcesses {

    /** The outcome, as audited ({@code task.recover_kill}) and as it ends the task's error. */
    record Settled(String outcome, String sentence) {
    }

    private static final Duration CHANNEL_OPEN = Duration.ofSeconds(10);

    private final SshConnector ssh;
    private final TaskExecution.Timeouts timeouts;

    LeftOverProcesses(SshConnector ssh, TaskExecution.Timeouts timeouts) {
        this.ssh = ssh;
        this.timeouts = timeouts;
    }

    static Settled unknown() {
        return new Settled("unknown", "whether its remote processes still run is unknown (it had not announced"
                + " its process group)");
    }

    static Settled notAttempted(String why) {
        return new Settled("not_attempted", "what is left of it on the server was not killed: " + why);
    }

    Settled kill(TaskQueue.Recovered task, SshTarget target) {
        int tenths = (int) Math.max(1, timeouts.killGrace().toMillis() / 100);
        try (ClientSession s = ssh.connect(SshPurpose.TASK, target, timeouts.connect(), timeouts.auth(),
                timeouts.keepalive());
                ChannelExec ch = s.createExecChannel(RemoteCommand.killLeftOver(task.pgid(), task.taskId(), tenths))) {
            ch.setIn(InputStream.nullInputStream());
            ch.setOut(new ByteArrayOutputStream());
            ch.setErr(new ByteArrayOutputStream());
            ch.open().verify(CHANNEL_OPEN);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeouts.killGrace().plusSeconds(10));
            Integer status = ch.getExitStatus();
            if (status == null) {
                return failed("the kill command did not report back");
            }
            return switch (status) {
                case RemoteCommand.LEFT_KILLED -> new Settled("killed", "its remote processes were killed");
                case RemoteCommand.LEFT_NOTHING -> new Settled("none_left",
                        "none of its processes were left on the server");
                case RemoteCommand.LEFT_NOT_OURS -> new Settled("not_ours", "its process group " + task.pgid()
                        + " now holds other processes, which were left alone");
                case RemoteCommand.LEFT_UNCHECKABLE -> failed("the server has no pgrep -g or /proc to check its"
                        + " process group " + task.pgid() + " with");
                case RemoteCommand.LEFT_SURVIVED -> failed("processes of its group " + task.pgid()
                        + " outlived SIGKILL");
                default -> failed("the kill command exited " + status);
            };
        } catch (SshFailure f) {
            return failed(f.code() + ": " + f.getMessage());
        } catch (IOException | RuntimeException e) {
            return failed("SSH failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Settled failed(String why) {
        return new Settled("failed", "its remote processes could not be killed: " + why);
    }
}

package dev.servermonitor.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What the scripts sent to servers do with a group id a server (or a corrupted row) could hand
 * back: 0 and 1 are never signalled (-1 is every process, -0 the caller's own group), a group is
 * always signalled with the {@code --} that procps' kill needs, and an announcement that is not a
 * plain number is no group at all. The kills run with {@code kill} shadowed by a shell function
 * that only prints what it was asked, so nothing is signalled here.
 */
class RemoteCommandTest {

    @Test
    void theKillScriptNeverSignalsGroupZeroOrOne() throws Exception {
        for (long pgid : new long[]{0, 1}) {
            Run r = shadowed(RemoteCommand.kill(pgid, 2));
            assertThat(r.exit()).as("pgid %d", pgid).isZero();
            assertThat(r.out()).as("pgid %d", pgid).doesNotContain("kill");
        }
    }

    @Test
    void aGroupIsSignalledWithTheDoubleDashProcpsNeeds() throws Exception {
        Run r = shadowed(RemoteCommand.kill(4242, 1));
        assertThat(r.out().lines()).first().isEqualTo("kill -s TERM -- -4242");
        assertThat(r.out().lines()).contains("kill -s KILL -- -4242").noneMatch(l -> l.matches("kill -\\w+ -\\d+"));
    }

    @Test
    void theLeftOverKillRefusesGroupZeroOrOneBeforeLookingAtAnything() throws Exception {
        // run for real: the guard comes first, so nothing is listed, read or signalled
        for (long pgid : new long[]{0, 1}) {
            assertThat(run(RemoteCommand.killLeftOver(pgid, 7, 1)).exit()).as("pgid %d", pgid)
                    .isEqualTo(RemoteCommand.LEFT_UNCHECKABLE);
        }
    }

    @Test
    void onlyAPlainNumberAboveOneAnnouncesAGroup() throws Exception {
        assertThat(announced("servermonitor-task-pgid=4242\n")).isEqualTo(4242L);
        for (String hostile : new String[]{"servermonitor-task-pgid=1\n", "servermonitor-task-pgid=0\n",
                "servermonitor-task-pgid=-1\n", "servermonitor-task-pgid=12; kill -9 -1\n",
                "servermonitor-task-pgid=99999999999\n"}) {
            assertThat(announced(hostile)).as(hostile).isNull();
        }
    }

    private static Long announced(String stderr) throws Exception {
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        RemoteCommand.StderrWithPid s = new RemoteCommand.StderrWithPid(passed);
        s.write(stderr.getBytes(StandardCharsets.ISO_8859_1));
        s.flush();
        return s.pgid().get(5, TimeUnit.SECONDS);
    }

    private record Run(int exit, String out) {
    }

    /** {@code script} in /bin/sh with {@code kill} a function that prints its arguments. */
    private static Run shadowed(String script) throws Exception {
        return run("kill() { echo \"kill $*\"; }; " + script);
    }

    private static Run run(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

package dev.servermonitor.monitor.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProcessTableTest {

    /** Two rounds one second apart at 100 ticks a second; 4 KiB pages; 1 GiB of memory. */
    private static final String OUTPUT = """
            @@servermonitor:clock
            100
            4096
            MemTotal:        1048576 kB
            @@servermonitor:ps
                1 root     /sbin/init splash
              200 www-data nginx: worker process
              300 alice    /usr/bin/python3 -m http.server --token s3cret
            @@servermonitor:first
            5000.00 9000.00
            1 (systemd) S 0 1 1 0 -1 4194560 1 1 0 0 50 30 0 0 20 0 1 0 1 1000 2560 18446744073709551615
            200 (nginx) S 1 200 200 0 -1 4194560 1 1 0 0 1000 200 0 0 20 0 1 0 1 1000 1024 18446744073709551615
            300 (py (x) y) R 1 300 300 0 -1 4194560 1 1 0 0 10 0 0 0 20 0 1 0 1 1000 26214 18446744073709551615
            @@servermonitor:second
            5001.00 9001.50
            1 (systemd) S 0 1 1 0 -1 4194560 1 1 0 0 50 30 0 0 20 0 1 0 1 1000 2560 18446744073709551615
            200 (nginx) S 1 200 200 0 -1 4194560 1 1 0 0 1060 210 0 0 20 0 1 0 1 1000 1024 18446744073709551615
            300 (py (x) y) R 1 300 300 0 -1 4194560 1 1 0 0 100 10 0 0 20 0 1 0 1 1000 26214 18446744073709551615
            400 (sleep) S 1 400 400 0 -1 4194560 1 1 0 0 0 0 0 0 20 0 1 0 1 1000 256 18446744073709551615
            """;

    @Test
    void cpuIsWhatEachProcessUsedBetweenTheTwoRoundsAndMemoryItsResidentShare() {
        List<ProcessView> all = ProcessTable.parse(OUTPUT, true);
        assertThat(all).hasSize(4);
        ProcessView python = all.stream().filter(p -> p.pid() == 300).findFirst().orElseThrow();
        assertThat(python.cpu()).isEqualTo(100.0); // 100 ticks in one second: a whole core
        assertThat(python.rssBytes()).isEqualTo(26_214L * 4096);
        assertThat(python.memory()).isEqualTo(10.0);
        assertThat(python.user()).isEqualTo("alice");
        assertThat(python.command()).isEqualTo("/usr/bin/python3 -m http.server --token s3cret");
        ProcessView nginx = all.stream().filter(p -> p.pid() == 200).findFirst().orElseThrow();
        assertThat(nginx.cpu()).isEqualTo(70.0);
        assertThat(all.stream().filter(p -> p.pid() == 1).findFirst().orElseThrow().cpu()).isZero();
        // started between the rounds, gone from ps: its name from stat, its owner unknown
        ProcessView sleep = all.stream().filter(p -> p.pid() == 400).findFirst().orElseThrow();
        assertThat(sleep.command()).isEqualTo("sleep");
        assertThat(sleep.user()).isEqualTo("?");
    }

    @Test
    void withoutCommandLinesOnlyTheProcessNameIsShownEvenOneWithParentheses() {
        List<ProcessView> all = ProcessTable.parse(OUTPUT, false);
        assertThat(all).extracting(ProcessView::command).containsExactlyInAnyOrder("systemd", "nginx", "py (x) y",
                "sleep");
        assertThat(all).extracting(ProcessView::command).noneMatch(c -> c.contains("s3cret"));
    }

    @Test
    void ordersByCpuOrByResidentMemory() {
        List<ProcessView> all = ProcessTable.parse(OUTPUT, true);
        assertThat(all.stream().sorted(ProcessTable.order("cpu")).map(ProcessView::pid).toList())
                .containsExactly(300L, 200L, 1L, 400L);
        assertThat(all.stream().sorted(ProcessTable.order("memory")).map(ProcessView::pid).toList())
                .containsExactly(300L, 1L, 200L, 400L);
    }

    @Test
    void anIncompleteAnswerIsRefusedInWords() {
        assertThatThrownBy(() -> ProcessTable.parse("@@servermonitor:clock\n100\n", true))
                .isInstanceOf(ProcessTable.Unreadable.class).hasMessage("the server's process list is incomplete");
    }
}

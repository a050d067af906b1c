package dev.servermonitor.monitor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.servermonitor.monitor.sample.Sample;

class RatesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void cpuBusyIsTheNonIdleShareOfTheJiffiesBetweenTwoPolls() {
        Reading first = ProcCaptures.reading("vm-6.18-first");
        Reading second = ProcCaptures.reading("vm-6.18-second");
        Sample s = Rates.sample(7, T0.plusSeconds(2), second, first, T0);
        // 400 jiffies passed, 297 of them idle or iowait; one core ran `yes` for the second in between
        assertThat(s.cpu()).isEqualTo(25.75);
        assertThat(s.cores()).containsExactly(1.01, 50.5);
        assertThat(s.network().rxBytesPerSec()).isZero();
        assertThat(s.memory().percent()).isEqualTo(2.98);
        assertThat(s.uptimeSeconds()).isEqualTo(5020);
        assertThat(s.serverId()).isEqualTo(7);
    }

    @Test
    void networkRatesAreBytesPerSecondOverTheIntervalWithoutLoopback() {
        Reading first = ProcCaptures.reading("many-disks-5.4");
        Reading second = parse(ProcCaptures.text("many-disks-5.4").replace("eno1: 9123456789012", "eno1: 9123457789012")
                .replace("lo: 99999999", "lo: 199999999").replace("4012330.12", "4012335.12"));
        Sample s = Rates.sample(1, T0.plusSeconds(5), second, first, T0);
        assertThat(s.network().rxBytesPerSec()).isEqualTo(200_000.0);
        assertThat(s.network().txBytesPerSec()).isZero();
    }

    @Test
    void theFirstPollOfAServerHasGaugesButNoRates() {
        Sample s = Rates.sample(1, T0, ProcCaptures.reading("many-disks-5.4"), null, null);
        assertThat(s.cpu()).isNull();
        assertThat(s.cores()).isNull();
        assertThat(s.network()).isNull();
        assertThat(s.load()).containsExactly(3.41, 3.12, 2.98);
        assertThat(s.disks()).hasSize(12);
    }

    @Test
    void aRebootBetweenPollsGivesNoRatesRatherThanNegativeOnes() {
        Reading before = ProcCaptures.reading("many-disks-5.4");
        Reading afterReboot = ProcCaptures.reading("centos6-2.6.32"); // uptime 22627 s < 4012330 s
        Sample s = Rates.sample(1, T0.plusSeconds(5), afterReboot, before, T0);
        assertThat(s.cpu()).isNull();
        assertThat(s.network()).isNull();
        assertThat(s.memory().totalBytes()).isEqualTo(1922380L * 1024);
    }

    @Test
    void diskAndMemoryPercentsAreOfWhatUsersCanUse() {
        Sample s = Rates.sample(1, T0, ProcCaptures.reading("many-disks-5.4"), null, null);
        // df's Capacity: used / (used + available), root's reserved blocks left out
        Sample.Disk disk02 = s.disks().stream().filter(d -> d.mount().equals("/data/disk02")).findFirst().orElseThrow();
        assertThat(disk02.percent()).isEqualTo(95.05);
        assertThat(s.memory().usedBytes()).isEqualTo((65842180L - 40112044) * 1024);
        assertThat(s.swap().percent()).isZero();
        assertThat(Rates.sample(1, T0, ProcCaptures.reading("alpine-container-busybox"), null, null).swap().percent())
                .isZero();
    }

    private static Reading parse(String text) {
        try {
            return ProcParser.parse(text);
        } catch (ProcParser.UnreadableProbe e) {
            throw new IllegalStateException(e);
        }
    }
}

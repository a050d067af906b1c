package dev.servermonitor.monitor.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcParserTest {

    @Test
    void readsARealCaptureOfThisMachine() {
        Reading r = ProcCaptures.reading("vm-6.18-first");
        // cpu  368692+0+138887+479762+797+0+4808+378 jiffies; idle 479762 + iowait 797
        assertThat(r.cpu().total()).isEqualTo(993324);
        assertThat(r.cpu().idle()).isEqualTo(480559);
        assertThat(r.cores()).hasSize(2);
        assertThat(r.memTotalBytes()).isEqualTo(24684084L * 1024);
        assertThat(r.memAvailableBytes()).isEqualTo(23948348L * 1024);
        assertThat(r.swapTotalBytes()).isZero();
        assertThat(r.load()).containsExactly(0.23, 1.69, 4.74);
        // loopback left out: ifb0 + ifb1 + eth0
        assertThat(r.rxBytes()).isEqualTo(207086211L);
        assertThat(r.txBytes()).isEqualTo(1251840L);
        assertThat(r.uptimeSeconds()).isEqualTo(5018.20);
        assertThat(r.processes()).isEqualTo(83);
        // devtmpfs and tmpfs are not disks
        assertThat(r.disks()).singleElement().satisfies(d -> {
            assertThat(d.mount()).isEqualTo("/");
            assertThat(d.type()).isEqualTo("ext4");
            assertThat(d.totalBytes()).isEqualTo(264212084L * 1024);
            assertThat(d.usedBytes()).isEqualTo(24076772L * 1024);
        });
    }

    @Test
    void theProbeCommandRunsInAPosixShellAndWhatItPrintsParses() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", ProbeScript.COMMAND).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Reading r = ProcParser.parse(out);
        assertThat(r.cores()).isNotEmpty();
        assertThat(r.memTotalBytes()).isPositive();
        assertThat(r.processes()).isPositive();
        assertThat(r.disks()).extracting(Reading.Disk::mount).contains("/");
    }

    @Test
    void anOldKernelWithoutMemAvailableGetsItEstimatedFromFreeBuffersCachedAndReclaimableSlab() {
        Reading r = ProcCaptures.reading("centos6-2.6.32");
        assertThat(r.memAvailableBytes()).isEqualTo((102340L + 134012 + 912044 + 88200) * 1024);
        // nine counters (no guest_nice yet): the first eight count
        assertThat(r.cpu().total()).isEqualTo(2255 + 34 + 2290 + 22625563 + 6290 + 127 + 456);
        assertThat(r.swapTotalBytes() - r.swapFreeBytes()).isEqualTo((4128764L - 4110120) * 1024);
        assertThat(r.rxBytes()).isEqualTo(1826302391L); // "eth0:1826302391", no space after the colon
        assertThat(r.disks()).extracting(Reading.Disk::mount).containsExactly("/", "/boot");
    }

    @Test
    void aBusyBoxContainerWithoutDfTypesKeepsItsOverlayRootAndDropsRuntimeBindMounts() {
        Reading r = ProcCaptures.reading("alpine-container-busybox");
        assertThat(r.disks()).singleElement().satisfies(d -> {
            assertThat(d.mount()).isEqualTo("/");
            assertThat(d.device()).isEqualTo("overlay");
            assertThat(d.type()).isNull();
        });
        assertThat(r.processes()).isEqualTo(6);
        assertThat(r.swapTotalBytes()).isZero();
    }

    @Test
    void aStorageHostListsEachRealFilesystemOnceIncludingNfsAndMountsWithSpaces() {
        Reading r = ProcCaptures.reading("many-disks-5.4");
        assertThat(r.disks()).extracting(Reading.Disk::mount).containsExactly("/", "/boot/efi", "/data/disk01",
                "/data/disk02", "/data/disk03", "/data/disk04", "/data/disk05", "/data/disk06", "/data/disk07",
                "/data/disk08", "/srv/archive copy", "/home");
        assertThat(r.cores()).hasSize(8);
        assertThat(r.rxBytes()).isEqualTo(9123456789012L + 1000);
        assertThat(r.txBytes()).isEqualTo(7123456789012L + 2000);
    }

    @Test
    void outputThatIsNotAProbesIsRefusedNamingWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> ProcParser.parse("sh: cat: not found\n"))
                .isInstanceOf(ProcParser.UnreadableProbe.class)
                .hasMessageContaining("stat");
        String noMemTotal = ProcCaptures.text("centos6-2.6.32").replaceAll("MemTotal:.*\n", "");
        assertThatThrownBy(() -> ProcParser.parse(noMemTotal)).hasMessageContaining("MemTotal");
        String garbled = ProcCaptures.text("centos6-2.6.32").replace("0.20 0.18 0.12", "0.20 abc 0.12");
        assertThatThrownBy(() -> ProcParser.parse(garbled)).hasMessageContaining("/proc/loadavg")
                .hasMessageContaining("abc");
    }

    @Test
    void windowsLineEndingsAreRead() {
        Reading r = ProcCaptures.reading("centos6-2.6.32");
        String crlf = ProcCaptures.text("centos6-2.6.32").replace("\n", "\r\n");
        try {
            assertThat(ProcParser.parse(crlf).memTotalBytes()).isEqualTo(r.memTotalBytes());
        } catch (ProcParser.UnreadableProbe e) {
            throw new AssertionError(e);
        }
    }
}

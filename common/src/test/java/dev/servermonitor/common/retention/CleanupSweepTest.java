package dev.servermonitor.common.retention;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CleanupSweepTest {

    @Test
    void aRetentionOutOfRangeStopsTheServiceNamingItsSetting() {
        assertThatThrownBy(() -> new Cleanup.Sweep("taskOutputs", "TASK_OUTPUT_RETENTION_DAYS", Duration.ofDays(0), 10,
                "select 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TASK_OUTPUT_RETENTION_DAYS must be at least one minute, not 0 days");
        assertThatThrownBy(() -> new Cleanup.Sweep("recordings", "RECORDING_RETENTION_DAYS", Duration.ofDays(-3), 10,
                "select 1")).hasMessageContaining("RECORDING_RETENTION_DAYS");
        assertThatThrownBy(
                () -> new Cleanup.Sweep("auditLogs", "AUDIT_RETENTION_DAYS", Duration.ofDays(100_000_000), 10,
                        "select 1"))
                .hasMessage("AUDIT_RETENTION_DAYS must be at most 36500 days, not 100000000");
    }
}

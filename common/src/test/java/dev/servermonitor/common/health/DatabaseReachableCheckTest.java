package dev.servermonitor.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseReachableCheckTest {

    @Test
    void theReportedTargetNeverCarriesCredentialsOrOptions() {
        assertThat(DatabaseReachableCheck.withoutCredentials("postgresql://127.0.0.1:5432/servermonitor"))
                .isEqualTo("127.0.0.1:5432/servermonitor");
        assertThat(
                DatabaseReachableCheck.withoutCredentials("postgresql://bob:s3cret@db.example:6432/sm?sslmode=require"))
                .isEqualTo("db.example:6432/sm");
    }
}

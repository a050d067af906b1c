package dev.servermonitor.common.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void keepsWellFormedIds() {
        assertThat(RequestIds.resolve("abc-123")).isEqualTo("abc-123");
        assertThat(RequestIds.resolve("A.b_c:d-9")).isEqualTo("A.b_c:d-9");
        assertThat(RequestIds.resolve("x".repeat(128))).isEqualTo("x".repeat(128));
    }

    @Test
    void replacesAbsentEmptyMalformedAndOverlongIds() {
        for (String bad : new String[]{null, "", " ", "a b", "a\nb", "a/b", "a%20", "x".repeat(129),
                "y".repeat(1024)}) {
            String resolved = RequestIds.resolve(bad);
            assertThat(resolved).isNotEqualTo(bad);
            assertThat(UUID.fromString(resolved)).isNotNull();
        }
    }

    @Test
    void mintedIdsAreVersion4UuidsAndDistinct() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.mint();
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(id).hasSize(36);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}

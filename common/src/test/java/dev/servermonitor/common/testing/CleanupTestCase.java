package dev.servermonitor.common.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import dev.servermonitor.common.retention.Cleanup;

/**
 * What the cleanup tests of every service share: the service's {@link Cleanup} and database, and a
 * clock whose "now" is a thousand days ago, so the rows other tests write at the real now are never
 * old enough to be touched and each count a test asserts is exact.
 */
public abstract class CleanupTestCase {

    public static final Instant NOW = Instant.now().minus(Duration.ofDays(1_000)).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    protected DataSource db;

    @Inject
    protected Cleanup cleanup;

    /** The test clock's now minus {@code ago} (negative: after it). */
    protected static OffsetDateTime ago(Duration ago) {
        return OffsetDateTime.ofInstant(NOW.minus(ago), ZoneOffset.UTC);
    }

    /**
     * What an earlier run of the tests left on the same database goes first: a run with a clock a year
     * past {@link #NOW}, still far before the real now.
     */
    @BeforeEach
    void sweepWhatEarlierRunsLeft() {
        cleanup.run(NOW.plus(Duration.ofDays(365))).await().atMost(Duration.ofSeconds(30));
    }
}

package dev.servermonitor.common.testing;

import java.util.Objects;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A module's test database (scripts/test.sh creates them) straight through JDBC, for tests with no
 * Quarkus to inject one: packaged-jar ITs and benchmarks. Honours DB_HOST and DB_PORT as the
 * services do.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /**
     * {@code servermonitor_test_<service>}, or {@code $TEST_DB_PREFIX<service>} so two checkouts can
     * run their tests at once.
     */
    public static String name(String service) {
        return Objects.requireNonNullElse(System.getenv("TEST_DB_PREFIX"), "servermonitor_test_") + service;
    }

    /** {@link #name} as role {@code servermonitor_test}. */
    public static DataSource of(String service) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{Objects.requireNonNullElse(System.getenv("DB_HOST"), "127.0.0.1")});
        ds.setPortNumbers(new int[]{Integer.parseInt(Objects.requireNonNullElse(System.getenv("DB_PORT"), "5432"))});
        ds.setDatabaseName(name(service));
        ds.setUser("servermonitor_test");
        ds.setPassword("servermonitor_test");
        return ds;
    }
}

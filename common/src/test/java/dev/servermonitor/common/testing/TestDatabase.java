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

    /** {@code servermonitor_test_<service>} as role {@code servermonitor_test}. */
    public static DataSource of(String service) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{Objects.requireNonNullElse(System.getenv("DB_HOST"), "127.0.0.1")});
        ds.setPortNumbers(new int[]{Integer.parseInt(Objects.requireNonNullElse(System.getenv("DB_PORT"), "5432"))});
        ds.setDatabaseName("servermonitor_test_" + service);
        ds.setUser("servermonitor_test");
        ds.setPassword("servermonitor_test");
        return ds;
    }
}

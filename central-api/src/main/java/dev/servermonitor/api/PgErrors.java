package dev.servermonitor.api;

import io.vertx.pgclient.PgException;

/** Postgres failures that mean something to the caller rather than to the operator. */
public final class PgErrors {

    static final String UNIQUE_VIOLATION = "23505";

    private PgErrors() {
    }

    /**
     * A unique constraint refused the write: the caller asked for something that already exists (409).
     */
    public static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}

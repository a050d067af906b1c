package dev.servermonitor.common.schema;

/**
 * The schema version this build expects; a unit test keeps it equal to the newest migration file.
 */
public final class SchemaVersion {

    public static final String EXPECTED = "15";

    private SchemaVersion() {
    }
}

package dev.servermonitor.common.schema;

/**
 * Fired once, synchronously and off the event loop, when this process has the schema at the
 * expected version: at start, or later when a retry succeeds. Observers may block (for work that
 * needs the tables).
 */
public record SchemaMigrated() {
}

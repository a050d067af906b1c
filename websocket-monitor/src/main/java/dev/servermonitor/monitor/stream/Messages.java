package dev.servermonitor.monitor.stream;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.servermonitor.monitor.sample.Sample;

/** The JSON of every {@code /ws/monitor} message (docs/api.md), each written once per event. */
@ApplicationScoped
public class Messages {

    /**
     * One server in a snapshot: what is known about it now; {@code sample} is raw sample JSON or null.
     */
    record SnapshotEntry(long serverId, String name, String status, String error, Instant lastSeen,
            @JsonRawValue String sample) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Status(String type, long serverId, String status, String error, Instant at) {
    }

    record Snapshot(String type, List<SnapshotEntry> servers) {
    }

    record Subscribed(String type, Collection<Long> serverIds) {
    }

    record Error(String type, String code, String message) {
    }

    private final ObjectMapper json;

    public Messages(ObjectMapper json) {
        this.json = json;
    }

    /** A sample as stored in the snapshot: its fields without a type. */
    String sample(Sample s) {
        return write(s);
    }

    /** {@code {"type":"stats", …the sample's fields}} from the sample's JSON. */
    static String stats(String sampleJson) {
        return "{\"type\":\"stats\"," + sampleJson.substring(1);
    }

    String status(long serverId, String status, String error, Instant at) {
        return write(new Status("status", serverId, status, error, at));
    }

    String snapshot(List<SnapshotEntry> servers) {
        return write(new Snapshot("snapshot", servers));
    }

    String subscribed(Set<Long> serverIds) {
        return write(new Subscribed("subscribed", serverIds == null ? null : serverIds.stream().sorted().toList()));
    }

    String removed(long serverId) {
        return "{\"type\":\"removed\",\"serverId\":" + serverId + "}";
    }

    String error(String code, String message) {
        return write(new Error("error", code, message));
    }

    static String closed(String reason) {
        return "{\"type\":\"closed\",\"reason\":\"" + reason + "\"}";
    }

    static final String PONG = "{\"type\":\"pong\"}";

    /** Any value as JSON (alerts, parsed requests echoed back). */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + value.getClass().getSimpleName(), e);
        }
    }

    ObjectMapper mapper() {
        return json;
    }
}

package dev.servermonitor.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.json.runtime.JsonFormatter;

class FlatMdcJsonFormatterTest {

    /** The formatter Quarkus installs for JSON console logging, configured as ours is. */
    private final JsonFormatter json = new JsonFormatter();

    FlatMdcJsonFormatterTest() {
        json.setExcludedKeys(java.util.Set.of("mdc"));
    }

    @Test
    void writesMdcEntriesAsTopLevelFieldsWithNumbersForMeasures() throws Exception {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "served", FlatMdcJsonFormatterTest.class.getName());
        record.putMdc("request_id", "r-1\"quoted");
        record.putMdc("status", "200");
        record.putMdc("latency_ms", "3.25");
        record.putMdc("route", "/api/x/{id}");

        String line = new FlatMdcJsonFormatter(json).format(record);
        JsonNode node = new ObjectMapper().readTree(line);

        assertThat(node.get("request_id").asText()).isEqualTo("r-1\"quoted");
        assertThat(node.get("status").isNumber()).isTrue();
        assertThat(node.get("latency_ms").asDouble()).isEqualTo(3.25);
        assertThat(node.get("route").asText()).isEqualTo("/api/x/{id}");
        assertThat(node.has("mdc")).isFalse();
        assertThat(line.strip()).doesNotContain("\n");
    }

    @Test
    void numericLookingValueOfAnOrdinaryKeyStaysAString() {
        assertThat(FlatMdcJsonFormatter.isNumericField("user_id", "7")).isFalse();
        assertThat(FlatMdcJsonFormatter.isNumericField("status", "2OO")).isFalse();
        assertThat(FlatMdcJsonFormatter.isNumericField("bytes_in_bytes", "12")).isTrue();
    }
}

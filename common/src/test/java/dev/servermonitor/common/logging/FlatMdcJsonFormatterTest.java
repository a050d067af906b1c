package dev.servermonitor.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.json.runtime.AdditionalField;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.logging.json.runtime.JsonLogConfig.AdditionalFieldConfig.Type;

class FlatMdcJsonFormatterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The formatter Quarkus installs for JSON logging, configured as ours is
     * (microprofile-config.properties).
     */
    private static JsonFormatter quarkus(Map<String, AdditionalField> additional) {
        JsonFormatter json = new JsonFormatter("logger-name=logger,thread-name=thread",
                Set.of("mdc", "ndc", "sequence", "loggerClassName", "threadId", "hostName", "processName", "processId"),
                additional);
        json.setZoneId("UTC");
        return json;
    }

    private static JsonFormatter quarkus() {
        return quarkus(Map.of("service", new AdditionalField("central_api", Type.STRING)));
    }

    @Test
    void writesMdcEntriesAsTopLevelFieldsWithNumbersForMeasures() throws Exception {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "served", FlatMdcJsonFormatterTest.class.getName());
        record.putMdc("request_id", "r-1\"quoted");
        record.putMdc("status", "200");
        record.putMdc("latency_ms", "3.25");
        record.putMdc("route", "/api/x/{id}");

        FlatMdcJsonFormatter formatter = FlatMdcJsonFormatter.over(quarkus(), "central_api");
        assertThat(formatter.writesLines()).as("configured as ours, it writes the lines itself").isTrue();
        String line = formatter.format(record);
        JsonNode node = MAPPER.readTree(line);

        assertThat(node.get("request_id").asText()).isEqualTo("r-1\"quoted");
        assertThat(node.get("status").isNumber()).isTrue();
        assertThat(node.get("latency_ms").asDouble()).isEqualTo(3.25);
        assertThat(node.get("route").asText()).isEqualTo("/api/x/{id}");
        assertThat(node.get("service").asText()).isEqualTo("central_api");
        assertThat(node.has("mdc")).isFalse();
        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n");
    }

    /** Every line it writes itself reads exactly as Quarkus' formatter's, flattened. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "quotes \" and \\ back", "new\nline\ttab\rreturn", "control \u0001\u001f end",
            "ansi \u001b[31mred\u001b[0m \b\f",
            "unicode é ✓ 😀", "", "%s not a format"})
    void aLineReadsAsQuarkusWritesIt(String message) throws Exception {
        JsonFormatter json = quarkus();
        FlatMdcJsonFormatter formatter = FlatMdcJsonFormatter.over(json, "central_api");
        for (int nanos : new int[]{0, 1, 100_000_000, 999_999_999, 4_560_000}) {
            ExtLogRecord record = new ExtLogRecord(Level.WARNING, message, FlatMdcJsonFormatterTest.class.getName());
            record.setLoggerName("access");
            record.setInstant(Instant.ofEpochSecond(1_800_000_123L, nanos));
            record.putMdc("request_id", message);
            record.putMdc("status", "404");
            record.putMdc("route", "/api/servers/{id}");

            String line = formatter.format(record);
            // byte for byte what Quarkus' formatter writes, with the MDC flattened after it
            assertThat(line).isEqualTo(new FlatMdcJsonFormatter(json, null).format(record));
            JsonNode fast = MAPPER.readTree(line);
            ObjectNode expected = (ObjectNode) MAPPER.readTree(json.format(record));
            expected.put("request_id", message).put("status", 404).put("route", "/api/servers/{id}");
            assertThat(fast).isEqualTo(expected);
        }
    }

    @Test
    void aDifferentConfigurationLeavesEveryLineToQuarkus() throws Exception {
        JsonFormatter json = quarkus(Map.of("service", new AdditionalField("central_api", Type.STRING), "zone",
                new AdditionalField("eu-1", Type.STRING)));
        FlatMdcJsonFormatter formatter = FlatMdcJsonFormatter.over(json, "central_api");
        assertThat(formatter.writesLines()).isFalse();
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "served", FlatMdcJsonFormatterTest.class.getName());
        record.putMdc("request_id", "r-2");
        JsonNode node = MAPPER.readTree(formatter.format(record));
        assertThat(node.get("zone").asText()).isEqualTo("eu-1");
        assertThat(node.get("request_id").asText()).isEqualTo("r-2");
    }

    @Test
    void aRecordWithAnExceptionKeepsQuarkusExceptionFieldsAndTheMdc() throws Exception {
        FlatMdcJsonFormatter formatter = FlatMdcJsonFormatter.over(quarkus(), "central_api");
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", FlatMdcJsonFormatterTest.class.getName());
        record.setThrown(new IllegalStateException("broken part"));
        record.putMdc("request_id", "r-3");
        JsonNode node = MAPPER.readTree(formatter.format(record));
        assertThat(node.toString()).contains("IllegalStateException").contains("broken part");
        assertThat(node.get("request_id").asText()).isEqualTo("r-3");
        assertThat(node.get("service").asText()).isEqualTo("central_api");
    }

    @Test
    void numericLookingValueOfAnOrdinaryKeyStaysAString() {
        assertThat(FlatMdcJsonFormatter.isNumericField("user_id", "7")).isFalse();
        assertThat(FlatMdcJsonFormatter.isNumericField("status", "2OO")).isFalse();
        assertThat(FlatMdcJsonFormatter.isNumericField("bytes_in_bytes", "12")).isTrue();
        assertThat(FlatMdcJsonFormatter.isNumericField("latency_ms", "-0.25")).isTrue();
        for (String notANumber : new String[]{"", "-", "1.", ".5", "1.2.3", "1e5", "١٢", "1234567890123456789",
                "1.1234567890", "0x10"}) {
            assertThat(FlatMdcJsonFormatter.isNumericField("latency_ms", notANumber)).as(notANumber).isFalse();
        }
    }
}

package dev.servermonitor.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON log file the test profile writes (target/test-service-log.json): the same redaction
 * filter and JSON formatter as production stdout, so tests read what an operator would see.
 */
public final class ServiceLog {

    public static final Path FILE = Path.of("target", "test-service-log.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceLog() {
    }

    /** Raw physical lines of the log file. */
    public static List<String> rawLines() {
        try {
            return Files.exists(FILE) ? Files.readAllLines(FILE) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the single line containing {@code marker} and returns it parsed; fails if it is not
     * JSON.
     */
    public static JsonNode awaitLineContaining(String marker) {
        return awaitLine(marker, line -> true);
    }

    /** Waits for a line containing {@code marker} that also matches {@code matching}, parsed. */
    public static JsonNode awaitLine(String marker, Predicate<JsonNode> matching) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            for (String line : rawLines()) {
                if (line.contains(marker)) {
                    JsonNode node = parse(line);
                    if (matching.test(node)) {
                        found.add(node);
                    }
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("log line is not valid JSON: " + line, e);
        }
    }
}

package dev.servermonitor.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

class SchemaVersionTest {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__.+\\.sql");

    @Test
    void expectedVersionIsTheNewestMigrationShipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            MigrationVersion newest = files.map(p -> VERSIONED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> MigrationVersion.fromVersion(m.group(1).replace('_', '.')))
                    .max(Comparator.naturalOrder()).orElseThrow();
            assertThat(newest).isEqualTo(MigrationVersion.fromVersion(SchemaVersion.EXPECTED));
        }
    }
}

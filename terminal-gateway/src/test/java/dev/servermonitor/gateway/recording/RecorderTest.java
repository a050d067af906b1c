package dev.servermonitor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class RecorderTest {

    private static List<String> lines(Recorder r) {
        return r.drain().lines().toList();
    }

    @Test
    void startsWithAnAsciicastV2HeaderOfTheTerminalSize() {
        Recorder r = new Recorder(120, 40, Instant.ofEpochSecond(1_700_000_000), 1_000_000, false);
        JsonObject header = new JsonObject(lines(r).get(0));
        assertThat(header.getInteger("version")).isEqualTo(2);
        assertThat(header.getInteger("width")).isEqualTo(120);
        assertThat(header.getInteger("height")).isEqualTo(40);
        assertThat(header.getLong("timestamp")).isEqualTo(1_700_000_000L);
        assertThat(header.getJsonObject("env").getString("TERM")).isEqualTo("xterm-256color");
    }

    @Test
    void outputEventsAreJsonEscapedAndKeepACharacterSplitAcrossPieces() {
        Recorder r = new Recorder(80, 24, Instant.now(), 1_000_000, false);
        r.drain();
        byte[] smile = "\"quoted\"\u001b[1m \uD83D\uDE00\r\n".getBytes(StandardCharsets.UTF_8);
        int cut = smile.length - 4; // inside the 4-byte character
        r.output(Arrays.copyOfRange(smile, 0, cut));
        r.output(Arrays.copyOfRange(smile, cut, smile.length));
        String joined = lines(r).stream().map(JsonArray::new).map(e -> e.getString(2)).collect(Collectors.joining());
        assertThat(joined).isEqualTo("\"quoted\"\u001b[1m \uD83D\uDE00\r\n");
    }

    @Test
    void inputIsRecordedOnlyWhenAskedFor() {
        Recorder without = new Recorder(80, 24, Instant.now(), 1_000_000, false);
        without.drain();
        without.input("secret\r".getBytes(StandardCharsets.UTF_8));
        assertThat(without.drain()).isEmpty();

        Recorder with = new Recorder(80, 24, Instant.now(), 1_000_000, true);
        with.drain();
        with.input("ls\r".getBytes(StandardCharsets.UTF_8));
        JsonArray event = new JsonArray(with.drain().strip());
        assertThat(event.getString(1)).isEqualTo("i");
        assertThat(event.getString(2)).isEqualTo("ls\r");
    }

    @Test
    void resizesAreRecordedAsColsByRows() {
        Recorder r = new Recorder(80, 24, Instant.now(), 1_000_000, false);
        r.drain();
        r.resize(100, 30);
        assertThat(new JsonArray(r.drain().strip()).getString(2)).isEqualTo("100x30");
    }

    @Test
    void pastTheCapTheRecordingEndsWithAMarkerSayingSo() {
        Recorder r = new Recorder(80, 24, Instant.now(), 2_000, false);
        for (int i = 0; i < 100; i++) {
            r.output("0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.UTF_8));
        }
        String text = r.drain();
        assertThat(text.length()).isLessThanOrEqualTo(2_000 + 200);
        JsonArray last = new JsonArray(text.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(last.getString(1)).isEqualTo("m");
        assertThat(last.getString(2)).contains("TERMINAL_RECORDING_MAX_BYTES");
        assertThat(r.truncated()).isTrue();
        r.output("more".getBytes(StandardCharsets.UTF_8));
        assertThat(r.drain()).isEmpty();
    }
}

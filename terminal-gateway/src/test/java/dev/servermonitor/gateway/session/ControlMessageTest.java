package dev.servermonitor.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A browser's text frames as the registry acts on them, with the words a bad one gets back. */
class ControlMessageTest {

    @Test
    void aResizeWithWholeNumbersInRangeIsAResize() {
        assertThat(ControlMessage.read("{\"type\":\"resize\",\"cols\":120,\"rows\":40}"))
                .isEqualTo(new ControlMessage.Resize(120, 40));
        assertThat(ControlMessage.read("{\"type\":\"resize\",\"cols\":1000,\"rows\":1}"))
                .isEqualTo(new ControlMessage.Resize(1000, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"resize\",\"cols\":0,\"rows\":40}",
            "{\"type\":\"resize\",\"cols\":1001,\"rows\":40}",
            "{\"type\":\"resize\",\"cols\":120.5,\"rows\":40}", "{\"type\":\"resize\",\"cols\":\"120\",\"rows\":40}",
            "{\"type\":\"resize\",\"cols\":120}", "{\"type\":\"resize\",\"cols\":9999999999,\"rows\":40}"})
    void aResizeOutOfRangeOrNotWholeSaysWhatItNeeds(String text) {
        assertThat(ControlMessage.read(text))
                .isEqualTo(new ControlMessage.Bad("resize needs whole numbers cols and rows from 1 to 1000"));
    }

    @Test
    void pingIsPing() {
        assertThat(ControlMessage.read("{\"type\":\"ping\"}")).isEqualTo(new ControlMessage.Ping());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "\"resize\""})
    void whatIsNotAJsonObjectGetsAnExample(String text) {
        assertThat(ControlMessage.read(text)).isEqualTo(new ControlMessage.Bad(
                "control messages are JSON objects, e.g. {\"type\":\"resize\",\"cols\":120,\"rows\":40}"));
    }

    @Test
    void aMissingOrUnknownTypeIsNamedShortened() {
        assertThat(ControlMessage.read("{\"type\":7}"))
                .isEqualTo(new ControlMessage.Bad("a control message needs a string \"type\""));
        String longType = "x".repeat(50);
        assertThat(ControlMessage.read("{\"type\":\"" + longType + "\"}")).isEqualTo(new ControlMessage.Bad(
                "unknown control message type " + "x".repeat(40) + "…; known: resize, ping"));
    }
}

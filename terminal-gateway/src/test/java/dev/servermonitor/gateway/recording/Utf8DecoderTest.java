package dev.servermonitor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class Utf8DecoderTest {

    @Test
    void everySplitPointOfMultiByteTextDecodesToTheSameText() {
        String text = "aé€\uD83D\uDE00z";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Utf8Decoder d = new Utf8Decoder();
            String out = d.decode(Arrays.copyOfRange(bytes, 0, cut))
                    + d.decode(Arrays.copyOfRange(bytes, cut, bytes.length))
                    + d.finish();
            assertThat(out).as("cut at %d", cut).isEqualTo(text);
        }
    }

    @Test
    void invalidBytesBecomeReplacementCharactersWithoutHoldingTheStreamBack() {
        Utf8Decoder d = new Utf8Decoder();
        assertThat(d.decode(new byte[]{'a', (byte) 0xFF, 'b'})).isEqualTo("a\uFFFDb");
        assertThat(d.decode(new byte[]{(byte) 0x80})).isEqualTo("\uFFFD");
    }

    @Test
    void anUnfinishedCharacterAtTheEndComesOutAsAReplacement() {
        Utf8Decoder d = new Utf8Decoder();
        assertThat(d.decode(new byte[]{'x', (byte) 0xF0, (byte) 0x9F})).isEqualTo("x");
        assertThat(d.finish()).isEqualTo("\uFFFD");
    }
}

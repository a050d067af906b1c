package dev.servermonitor.gateway.recording;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a byte stream arriving in arbitrary pieces: a multi-byte character split across two
 * pieces comes out whole, invalid bytes as U+FFFD. Not thread-safe; one per stream.
 */
final class Utf8Decoder {

    private byte[] carry = new byte[0];

    String decode(byte[] piece) {
        byte[] bytes = piece;
        if (carry.length > 0) {
            bytes = Arrays.copyOf(carry, carry.length + piece.length);
            System.arraycopy(piece, 0, bytes, carry.length, piece.length);
        }
        int keep = incompleteTail(bytes);
        carry = keep == 0 ? new byte[0] : Arrays.copyOfRange(bytes, bytes.length - keep, bytes.length);
        return new String(bytes, 0, bytes.length - keep, StandardCharsets.UTF_8);
    }

    /** Whatever is still held back (an unfinished character at the very end), as U+FFFD. */
    String finish() {
        String rest = carry.length == 0 ? "" : new String(carry, StandardCharsets.UTF_8);
        carry = new byte[0];
        return rest;
    }

    /** How many bytes at the end start a character that the next piece may complete (0–3). */
    static int incompleteTail(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int v = b[n - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead
            }
            int need = v >= 0xF0 && v <= 0xF4 ? 4 : v >= 0xE0 ? 3 : v >= 0xC2 && v < 0xE0 ? 2 : 1;
            return need > back ? back : 0;
        }
        return 0;
    }
}

package dev.servermonitor.gateway.recording;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a byte stream arriving in arbitrary pieces: a multi-byte character split across two
 * pieces comes out whole, invalid bytes as U+FFFD. Not thread-safe; one per stream.
 */
final class Utf8Decoder {

    private static final byte[] NONE = new byte[0];
    private byte[] carry = NONE;

    String decode(byte[] piece) {
        return decode(piece, 0, piece.length);
    }

    String decode(byte[] piece, int offset, int length) {
        byte[] bytes = piece;
        int from = offset;
        int end = offset + length;
        if (carry.length > 0) {
            bytes = Arrays.copyOf(carry, carry.length + length);
            System.arraycopy(piece, offset, bytes, carry.length, length);
            from = 0;
            end = bytes.length;
        }
        int keep = incompleteTail(bytes, from, end);
        carry = keep == 0 ? NONE : Arrays.copyOfRange(bytes, end - keep, end);
        return new String(bytes, from, end - from - keep, StandardCharsets.UTF_8);
    }

    /** Whatever is still held back (an unfinished character at the very end), as U+FFFD. */
    String finish() {
        String rest = carry.length == 0 ? "" : new String(carry, StandardCharsets.UTF_8);
        carry = NONE;
        return rest;
    }

    /** How many bytes at the end start a character that the next piece may complete (0–3). */
    static int incompleteTail(byte[] b, int from, int end) {
        int n = end - from;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int v = b[end - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead
            }
            int need = v >= 0xF0 && v <= 0xF4 ? 4 : v >= 0xE0 ? 3 : v >= 0xC2 && v < 0xE0 ? 2 : 1;
            return need > back ? back : 0;
        }
        return 0;
    }
}

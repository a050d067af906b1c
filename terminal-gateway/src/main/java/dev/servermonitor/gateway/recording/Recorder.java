package dev.servermonitor.gateway.recording;

import java.time.Instant;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * One session's recording as asciicast v2 lines: a header, then
 * {@code [seconds, "o"|"i"|"r"|"m", data]} events. Text accumulates here until {@link #drain()}
 * hands it to the store; past {@code maxBytes} the recording ends with a marker saying so. Called
 * from SSH and WebSocket threads, hence synchronized.
 */
public final class Recorder {

    private final long maxBytes;
    private final boolean recordInput;
    private final long startNanos = System.nanoTime();
    private final Utf8Decoder outputText = new Utf8Decoder();
    private final Utf8Decoder inputText = new Utf8Decoder();
    private final StringBuilder pending = new StringBuilder();
    private long bytes;
    private boolean stopped;

    public Recorder(int cols, int rows, Instant startedAt, long maxBytes, boolean recordInput) {
        this.maxBytes = maxBytes;
        this.recordInput = recordInput;
        append("{\"version\":2,\"width\":" + cols + ",\"height\":" + rows + ",\"timestamp\":"
                + startedAt.getEpochSecond() + ",\"env\":{\"TERM\":\"xterm-256color\"}}\n");
    }

    public synchronized void output(byte[] data) {
        output(data, 0, data.length);
    }

    public synchronized void output(byte[] data, int offset, int length) {
        if (!stopped) {
            event("o", outputText.decode(data, offset, length));
        }
    }

    public synchronized void input(byte[] data) {
        if (recordInput && !stopped) {
            event("i", inputText.decode(data));
        }
    }

    public synchronized void resize(int cols, int rows) {
        if (!stopped) {
            event("r", cols + "x" + rows);
        }
    }

    /** The text recorded since the last call (empty when nothing new). */
    public synchronized String drain() {
        String text = pending.toString();
        pending.setLength(0);
        return text;
    }

    /** Characters waiting for {@link #drain()}. */
    public synchronized int backlog() {
        return pending.length();
    }

    /** Ends the recording: flushes a half-received character. */
    public synchronized void finish() {
        if (!stopped) {
            String rest = outputText.finish();
            if (!rest.isEmpty()) {
                event("o", rest);
            }
        }
        stopped = true;
    }

    public synchronized boolean truncated() {
        return stopped && bytes >= maxBytes;
    }

    private void event(String type, String data) {
        if (data.isEmpty()) {
            return;
        }
        String line = "[" + elapsed() + ",\"" + type + "\",\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(data))
                + "\"]\n";
        if (bytes + line.length() > maxBytes) {
            String marker = "[" + elapsed() + ",\"m\",\"recording stopped: TERMINAL_RECORDING_MAX_BYTES (" + maxBytes
                    + ") reached\"]\n";
            pending.append(marker);
            bytes = maxBytes;
            stopped = true;
            return;
        }
        append(line);
    }

    private void append(String text) {
        pending.append(text);
        bytes += text.length();
    }

    /** Seconds since the start with six decimals, e.g. {@code 12.000345}. */
    private String elapsed() {
        long micros = (System.nanoTime() - startNanos) / 1000;
        String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
        return micros / 1_000_000 + "." + fraction;
    }
}

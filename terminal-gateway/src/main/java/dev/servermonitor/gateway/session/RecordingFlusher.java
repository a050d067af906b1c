package dev.servermonitor.gateway.session;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.gateway.recording.Recorder;

/**
 * Writes what sessions' recorders gather to {@code terminal_recording_chunks}: one insert in flight
 * per session, so chunks land in order and a slow database holds the session's output back (through
 * the bridge's backpressure) instead of piling text up in memory.
 */
@ApplicationScoped
class RecordingFlusher {

    private static final Logger LOG = Logger.getLogger(RecordingFlusher.class);
    /** A chunk is written once this much text has gathered, else at the next tick. */
    static final int CHUNK_TARGET = 64 * 1024;

    private final SessionStore store;

    RecordingFlusher(SessionStore store) {
        this.store = store;
    }

    /** Writes the gathered text as the next chunk, unless a write of this session's is in flight. */
    void flush(TerminalSession s) {
        Recorder r = s.recorder();
        if (r == null || r.backlog() == 0 || !s.claimChunkWriter()) {
            return;
        }
        String text = r.drain();
        store.appendChunk(s.id, s.nextChunkSeq(), text).subscribe().with(ok -> written(s), e -> {
            LOG.warnf("Terminal %s: a recording chunk was not stored: %s", s.id, e.getMessage());
            written(s);
        });
    }

    /** Flushes once enough has gathered; called on every output. */
    void flushIfFull(TerminalSession s) {
        if (s.recordingBacklog() >= CHUNK_TARGET) {
            flush(s);
        }
    }

    /** The rest of the recording, once the chunk in flight (if any) has landed. */
    Uni<Void> finish(TerminalSession s) {
        Recorder r = s.recorder();
        if (r == null) {
            return Uni.createFrom().voidItem();
        }
        return claimWriter(s, 150).chain(() -> {
            String text = r.drain();
            return text.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : store.appendChunk(s.id, s.nextChunkSeq(), text);
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private void written(TerminalSession s) {
        s.chunkWritten();
        ShellBridge b = s.bridge();
        if (b != null) {
            b.resumeIfPaused();
        }
        flushIfFull(s);
    }

    /**
     * Waits (20 ms steps, at most {@code tries}) until this caller is the session's one chunk writer.
     */
    private Uni<Void> claimWriter(TerminalSession s, int tries) {
        if (s.claimChunkWriter() || tries == 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20))
                .chain(() -> claimWriter(s, tries - 1));
    }
}

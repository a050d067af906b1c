package dev.servermonitor.monitor.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Probe output captured from servers (src/test/resources/proc). {@code vm-6.18-*} are this build
 * machine's own, taken with {@link ProbeScript#COMMAND} a second apart with one core busy in
 * between; the others are written in the exact format of those systems (CentOS 6's 2.6.32 kernel
 * without MemAvailable, an Alpine container with BusyBox' df, a storage host with many disks, bind
 * mounts and NFS), which this machine cannot produce.
 */
final class ProcCaptures {

    private ProcCaptures() {
    }

    static String text(String name) {
        try (InputStream in = ProcCaptures.class.getResourceAsStream("/proc/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reading reading(String name) {
        try {
            return ProcParser.parse(text(name));
        } catch (ProcParser.UnreadableProbe e) {
            throw new IllegalStateException(e);
        }
    }
}

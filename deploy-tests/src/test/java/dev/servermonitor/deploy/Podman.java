package dev.servermonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real container runtime, as the project's scripts run it: podman with
 * {@code deploy/containers/containers.conf}. Every call waits for the command and keeps its output.
 */
final class Podman {

    /** The repository's root (the tests run in deploy-tests/). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Result(int exit, String out, String err) {

        Result ok() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + err + out);
            }
            return this;
        }
    }

    private Podman() {
    }

    static Result podman(String... args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(List.of(args));
        return run(command, 120);
    }

    static Result run(List<String> command, int timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().put("CONTAINERS_CONF", ROOT.resolve("deploy/containers/containers.conf").toString());
        try {
            Path out = Files.createTempFile("podman", ".out");
            Path err = Files.createTempFile("podman", ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + timeoutSeconds + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.servermonitor.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's OpenSSH sshd as a real peer, on 127.0.0.1 and a free port, for tests where the server's
 * own behaviour matters (sessions, process groups, signals). It accepts the current user with one
 * public key. Needs /usr/sbin/sshd (openssh-server, installed by scripts/test.sh) and root, as
 * sshd's privilege separation does.
 */
public final class OpenSshServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final Path dir;
    private final int port;
    private final String hostKeyFingerprint;

    private OpenSshServer(Process process, Path dir, int port, String hostKeyFingerprint) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    /** Starts sshd accepting {@code authorizedPublicKey} (an OpenSSH public key line). */
    public static OpenSshServer start(String authorizedPublicKey) {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException("OpenSSH's sshd is needed by this test: run ./scripts/test.sh, which"
                    + " installs Debian's openssh-server, or apt-get install openssh-server");
        }
        try {
            Path dir = Files.createTempDirectory("sm-sshd");
            Path hostKey = dir.resolve("host_ed25519");
            run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()));
            String fingerprint = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub"))
                    .split(" ")[1];
            Path authorized = dir.resolve("authorized_keys");
            Files.writeString(authorized, authorizedPublicKey.strip() + "\n");
            int port = freePort();
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, String.join("\n", "Port " + port, "ListenAddress 127.0.0.1",
                    "HostKey " + hostKey, "AuthorizedKeysFile " + authorized, "PubkeyAuthentication yes",
                    "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
                    "PermitRootLogin prohibit-password", "StrictModes no", "PidFile none", "LogLevel ERROR",
                    "Subsystem sftp internal-sftp", "") + "\n");
            // privilege separation needs its empty directory; Debian creates it only when the service starts
            Files.createDirectories(Path.of("/run/sshd"));
            Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            awaitListening(port, p, dir);
            return new OpenSshServer(p, dir, port, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The host key's fingerprint as ssh-keygen prints it. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /**
     * SIGSTOPs this sshd and every session process it forked (SIGCONT with {@code stopped=false}): the
     * server then answers nothing while its TCP connections stay open, as a hung or overloaded host
     * does.
     */
    public void freeze(boolean stopped) {
        String signal = stopped ? "-STOP" : "-CONT";
        List<ProcessHandle> all = new java.util.ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            try {
                new ProcessBuilder("kill", signal, Long.toString(h.pid())).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The user sshd lets in: the one running the tests. */
    public static String user() {
        return System.getProperty("user.name");
    }

    @Override
    public void close() {
        freeze(false);
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static void awaitListening(int port, Process p, Path dir) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException(
                "sshd did not listen within 10 s: " + Files.readString(dir.resolve("sshd.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

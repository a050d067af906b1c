package dev.servermonitor.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.server.shell.ProcessShellFactory;

import dev.servermonitor.common.ssh.SshKeys;

/**
 * A real SSH server in the test JVM (MINA SshServer on 127.0.0.1, port 0) that runs exec commands
 * through /bin/sh, and shells as /bin/sh. It accepts one user with one password and, optionally,
 * one public key.
 */
public final class TestSshServer implements AutoCloseable {

    private final SshServer server;

    private TestSshServer(SshServer server) {
        this.server = server;
    }

    public static TestSshServer start(String password, PublicKey allowedKey) {
        return start(password, allowedKey, Duration.ZERO);
    }

    /** As {@link #start(String, PublicKey)}, answering each password only after {@code authDelay}. */
    public static TestSshServer start(String password, PublicKey allowedKey, Duration authDelay) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((user, pass, session) -> {
            try {
                Thread.sleep(authDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return password.equals(pass);
        });
        server.setPublickeyAuthenticator(
                (user, key, session) -> allowedKey != null && KeyUtils.compareKeys(key, allowedKey));
        server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        // a shell session runs /bin/sh on pipes: MINA emulates the PTY's echo and line endings, it has no real tty
        server.setShellFactory(new ProcessShellFactory("/bin/sh", "/bin/sh"));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestSshServer(server);
    }

    public int port() {
        return server.getPort();
    }

    /** The host key's fingerprint as ssh-keygen would print it. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint(server);
    }

    /** Any in-process server's host key fingerprint, as ssh-keygen would print it. */
    public static String hostKeyFingerprint(SshServer server) {
        try {
            return SshKeys.fingerprint(server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop(server);
    }

    /** Stops an in-process server, now. */
    public static void stop(SshServer server) {
        try {
            server.stop(true);
        } catch (IOException ignored) {
            // the test is over either way
        }
    }
}

package dev.servermonitor.gateway.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;

import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import dev.servermonitor.common.ssh.SshKeys;

/**
 * An in-process MINA sshd whose shell echoes what it is sent, asynchronously and without a process
 * or a thread per session: the far end for measuring the gateway's own cost of many idle sessions,
 * where a thousand real shells would measure the shells.
 */
final class EchoSshServer implements AutoCloseable {

    private final SshServer server;

    EchoSshServer(String password) {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((user, pass, session) -> password.equals(pass));
        server.setShellFactory(channel -> new EchoShell());
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    String hostKeyFingerprint() {
        try {
            return SshKeys.fingerprint(server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private static final class EchoShell implements AsyncCommand {

        private IoInputStream in;
        private IoOutputStream out;

        @Override
        public void setIoInputStream(IoInputStream in) {
            this.in = in;
        }

        @Override
        public void setIoOutputStream(IoOutputStream out) {
            this.out = out;
        }

        @Override
        public void setIoErrorStream(IoOutputStream err) {
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            readNext();
        }

        private void readNext() {
            ByteArrayBuffer buffer = new ByteArrayBuffer(8192, false);
            in.read(buffer).addListener(f -> {
                if (f.getException() != null || f.getRead() < 0) {
                    return;
                }
                try {
                    out.writeBuffer(new ByteArrayBuffer(buffer.getCompactData())).addListener(w -> readNext());
                } catch (IOException e) {
                    // the channel is closing
                }
            });
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}

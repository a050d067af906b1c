package dev.servermonitor.monitor.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

import dev.servermonitor.common.testing.TestSshServer;

/**
 * A real SSH server (MINA, 127.0.0.1, port 0) standing in for many Linux hosts: each login name is
 * one {@link Host}, and the exec answers the monitor's probe with a real /proc capture (this build
 * machine's, src/test/resources/proc/vm-6.18-first.txt) whose counters advance on every poll as the
 * host's CPU load and traffic say. The answer is written on MINA's own thread, without a process or
 * a thread per host, so thousands of hosts fit in one JVM.
 */
public final class FakeHosts implements AutoCloseable {

    public static final String PASSWORD = "fake-hosts-ssh-password-1";
    private static final String TEMPLATE = template();
    private static final long TICKS_PER_POLL = 1_000;

    /** One host's state; tests change it between polls. */
    public static final class Host {

        /** Share of CPU time busy between two polls, 0 to 1. */
        public volatile double cpuBusy = 0.25;
        /** Share of memory in use, 0 to 1. */
        public volatile double memoryUsed = 0.40;
        /** Bytes received per poll on eth0. */
        public volatile long rxPerPoll = 50_000;
        /** Answer with garbage, as a broken host would. */
        public volatile boolean failing;
        /** Never answer, as a host stuck in I/O would. */
        public volatile boolean hanging;
        final AtomicInteger polls = new AtomicInteger();
        long user;
        long idle;
        long rx;

        public int polls() {
            return polls.get();
        }

        synchronized String probe() {
            long busy = Math.round(TICKS_PER_POLL * cpuBusy);
            user += busy;
            idle += TICKS_PER_POLL - busy;
            rx += rxPerPoll;
            long total = 24_684_084;
            long available = Math.round(total * (1 - memoryUsed));
            return TEMPLATE.replace("cpu  368692 0 138887 479762", "cpu  " + (368692 + user) + " 0 138887 "
                    + (479762 + idle)).replace("MemAvailable:   23948348 kB", "MemAvailable:   " + available + " kB")
                    .replace("eth0: 207086211", "eth0: " + (207086211 + rx));
        }
    }

    private final SshServer server;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    private FakeHosts(SshServer server) {
        this.server = server;
    }

    public static FakeHosts start() {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        FakeHosts fake = new FakeHosts(server);
        server.setPasswordAuthenticator((user, pass, session) -> PASSWORD.equals(pass));
        server.setCommandFactory((channel, command) -> fake.new Probe(channel.getSession().getUsername()));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    /** The host behind a login name, made on first use. */
    public Host host(String username) {
        return hosts.computeIfAbsent(username, u -> new Host());
    }

    public int port() {
        return server.getPort();
    }

    public String hostKeyFingerprint() {
        return TestSshServer.hostKeyFingerprint(server);
    }

    @Override
    public void close() {
        TestSshServer.stop(server);
    }

    private final class Probe implements Command {

        private final String username;
        private OutputStream out;
        private ExitCallback exit;

        Probe(String username) {
            this.username = username;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Host h = host(username);
            h.polls.incrementAndGet();
            if (h.hanging) {
                return; // no output, no exit: the monitor's poll timeout has to end it
            }
            String answer = h.failing ? "segmentation fault\n" : h.probe();
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
            exit.onExit(h.failing ? 139 : 0);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }
    }

    private static String template() {
        try (InputStream in = FakeHosts.class.getResourceAsStream("/proc/vm-6.18-first.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

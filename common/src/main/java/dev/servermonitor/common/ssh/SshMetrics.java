package dev.servermonitor.common.ssh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The SSH connections of a service, by purpose, as Prometheus histograms: the connect phase (TCP
 * and the SSH session) as {@code servermonitor_ssh_connect_seconds{purpose,outcome}}, key exchange
 * plus authentication as {@code servermonitor_ssh_auth_seconds{purpose,outcome}}, and every failure
 * as {@code servermonitor_ssh_failures_total{purpose,reason}} (reason: the {@link SshFailure}
 * code).
 */
final class SshMetrics {

    static final String CONNECT = "servermonitor.ssh.connect";
    static final String AUTH = "servermonitor.ssh.auth";
    static final String FAILURES = "servermonitor.ssh.failures";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    SshMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters kept in a registry of their own (plain tests). */
    static SshMetrics unexported() {
        return new SshMetrics(new SimpleMeterRegistry());
    }

    /** One connection attempt, from now. */
    Attempt start(SshPurpose purpose) {
        return new Attempt(purpose.value(), System.nanoTime());
    }

    /** One attempt: its phases are recorded once each, its failure once. */
    final class Attempt {

        private final String purpose;
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile long phaseStart;
        private volatile boolean connected;

        private Attempt(String purpose, long start) {
            this.purpose = purpose;
            this.phaseStart = start;
        }

        /** The TCP connection and SSH session are there; authentication comes next. */
        void connected() {
            if (over.get()) {
                // the attempt already ended (its time ran out first): a late session is no success
                return;
            }
            long now = System.nanoTime();
            timer(CONNECT, "ok").record(now - phaseStart, TimeUnit.NANOSECONDS);
            phaseStart = now;
            connected = true;
        }

        /** Authenticated: the session is ready. */
        void authenticated() {
            if (over.compareAndSet(false, true)) {
                timer(AUTH, "ok").record(System.nanoTime() - phaseStart, TimeUnit.NANOSECONDS);
            }
        }

        /**
         * A host-key fetch, which ends after key exchange, got its key: the key exchange is its second
         * phase.
         */
        void fetched() {
            if (over.compareAndSet(false, true)) {
                timer(AUTH, "ok").record(System.nanoTime() - phaseStart, TimeUnit.NANOSECONDS);
            }
        }

        /** The attempt failed in the phase it was in. */
        void failed(SshFailure failure) {
            if (over.compareAndSet(false, true)) {
                timer(connected ? AUTH : CONNECT, "failed").record(System.nanoTime() - phaseStart,
                        TimeUnit.NANOSECONDS);
                Counter.builder(FAILURES).description("SSH connections that failed, by purpose and reason")
                        .tag("purpose", purpose).tag("reason", failure.code()).register(registry).increment();
            }
        }

        private Timer timer(String name, String outcome) {
            return Timer.builder(name)
                    .description(name.equals(CONNECT)
                            ? "SSH connect phase (TCP and session), by purpose and outcome"
                            : "SSH key exchange and authentication, by purpose and outcome")
                    .tag("purpose", purpose).tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                    .register(registry);
        }
    }
}

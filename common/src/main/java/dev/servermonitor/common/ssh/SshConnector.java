package dev.servermonitor.common.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.random.JceRandomFactory;
import org.apache.sshd.core.CoreModuleProperties;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The service's one {@link SshClient}. Every connection states the host-key fingerprint it trusts
 * and is refused when the server presents another; there is no accept-all path and the process's
 * {@code ~/.ssh} is never read. Calls block: run them off the event loop.
 */
@ApplicationScoped
public class SshConnector {

    /**
     * Keepalives a server may leave unanswered before its session is closed as dead (OpenSSH's
     * {@code ServerAliveCountMax} default).
     */
    public static final int KEEPALIVE_MAX_MISSED = 3;

    /** The trusted fingerprint for this connection; absent only when fetching an untrusted key. */
    private static final AttributeKey<String> TRUSTED = new AttributeKey<>();
    /** Where the verifier leaves the key the server presented. */
    private static final AttributeKey<AtomicReference<HostKey>> PRESENTED = new AttributeKey<>();

    private volatile SshClient client;
    /** Every connect path asks it where to connect: SERVER_HOST_DENY on the resolved address. */
    private final SshAddresses addresses;
    private final SshMetrics metrics;

    /** With the default {@code SERVER_HOST_DENY}, for plain tests. */
    public SshConnector() {
        this(SshAddresses.defaults());
    }

    /** For plain tests: metrics in a registry of their own. */
    public SshConnector(SshAddresses addresses) {
        this.addresses = addresses;
        this.metrics = SshMetrics.unexported();
    }

    @Inject
    public SshConnector(SshAddresses addresses, MeterRegistry registry) {
        this.addresses = addresses;
        this.metrics = new SshMetrics(registry);
    }

    /**
     * Learns the server's host key without trusting it or authenticating: the session ends after key
     * exchange.
     */
    public HostKey fetchHostKey(String host, int port, Duration timeout) throws SshFailure {
        SshMetrics.Attempt attempt = metrics.start(SshPurpose.HOST_KEY);
        try {
            HostKey key = fetch(host, port, timeout, attempt);
            attempt.fetched();
            return key;
        } catch (SshFailure f) {
            attempt.failed(f);
            throw f;
        }
    }

    private HostKey fetch(String host, int port, Duration timeout, SshMetrics.Attempt attempt) throws SshFailure {
        AtomicReference<HostKey> seen = new AtomicReference<>();
        AttributeRepository context = AttributeRepository.ofKeyValuePair(PRESENTED, seen);
        try (ClientSession session = client().connect("host-key-probe", addresses.resolve(host), port, context, null)
                .verify(timeout)
                .getSession()) {
            attempt.connected();
            session.waitFor(EnumSet.of(ClientSessionEvent.CLOSED, ClientSessionEvent.WAIT_AUTH), timeout);
        } catch (IOException e) {
            if (seen.get() == null) {
                throw describe(e, host, port);
            }
        }
        if (seen.get() == null) {
            throw new SshFailure("timeout", "no host key received from " + host + ":" + port + " within "
                    + timeout.toSeconds() + " s", null);
        }
        return seen.get();
    }

    /** An authenticated session to {@code target} for {@code purpose}; the caller closes it. */
    public ClientSession connect(SshPurpose purpose, SshTarget target, Duration connectTimeout, Duration authTimeout)
            throws SshFailure {
        return connect(purpose, target, connectTimeout, authTimeout, null);
    }

    /**
     * As {@link #connect(SshPurpose, SshTarget, Duration, Duration)}, for long-lived sessions: with a
     * {@code keepalive}, an SSH keepalive request goes out every {@code keepalive}, so NATs and
     * firewalls keep the session; {@link #KEEPALIVE_MAX_MISSED} unanswered ones close it (a dead or
     * frozen server), which ends whatever runs on it.
     */
    public ClientSession connect(SshPurpose purpose, SshTarget target, Duration connectTimeout, Duration authTimeout,
            Duration keepalive) throws SshFailure {
        SshMetrics.Attempt attempt = metrics.start(purpose);
        try {
            ClientSession session = open(target, connectTimeout, authTimeout, keepalive, attempt);
            attempt.authenticated();
            return session;
        } catch (SshFailure f) {
            attempt.failed(f);
            throw f;
        }
    }

    private ClientSession open(SshTarget target, Duration connectTimeout, Duration authTimeout, Duration keepalive,
            SshMetrics.Attempt attempt) throws SshFailure {
        if (target.trustedFingerprint() == null) {
            throw new SshFailure("host_key_untrusted", "the server's host key has not been trusted yet", null);
        }
        AtomicReference<HostKey> seen = new AtomicReference<>();
        AttributeRepository context = AttributeRepository
                .ofAttributesMap(Map.of(TRUSTED, target.trustedFingerprint(), PRESENTED, seen));
        ClientSession session = null;
        try {
            session = client().connect(target.username(), addresses.resolve(target.host()), target.port(), context,
                    null).verify(connectTimeout).getSession();
            attempt.connected();
            prepare(session, target);
            session.auth().verify(authTimeout);
            keepalive(session, keepalive);
            return session;
        } catch (IOException e) {
            closeQuietly(session);
            throw failure(e, seen.get(), target);
        }
    }

    /**
     * As {@link #connect(SshPurpose, SshTarget, Duration, Duration, Duration)} without holding a
     * thread: MINA's own I/O threads complete it. For services that keep many sessions (one per
     * monitored server). The session is closed if the caller's subscription is cancelled or the
     * timeouts pass first.
     */
    public Uni<ClientSession> connectAsync(SshPurpose purpose, SshTarget target, Duration connectTimeout,
            Duration authTimeout, Duration keepalive) {
        SshMetrics.Attempt attempt = metrics.start(purpose);
        return openAsync(target, connectTimeout, authTimeout, keepalive, attempt).onItem()
                .invoke(attempt::authenticated).onFailure(SshFailure.class)
                .invoke(f -> attempt.failed((SshFailure) f));
    }

    private Uni<ClientSession> openAsync(SshTarget target, Duration connectTimeout, Duration authTimeout,
            Duration keepalive, SshMetrics.Attempt attempt) {
        if (target.trustedFingerprint() == null) {
            return Uni.createFrom()
                    .failure(new SshFailure("host_key_untrusted", "the server's host key has not been trusted yet",
                            null));
        }
        AtomicReference<HostKey> seen = new AtomicReference<>();
        AtomicReference<ClientSession> opened = new AtomicReference<>();
        AttributeRepository context = AttributeRepository
                .ofAttributesMap(Map.of(TRUSTED, target.trustedFingerprint(), PRESENTED, seen));
        Duration limit = connectTimeout.plus(authTimeout);
        return Uni.createFrom().<ClientSession>emitter(em -> {
            String address;
            try {
                address = addresses.resolve(target.host());
            } catch (SshFailure f) {
                em.fail(f);
                return;
            }
            try {
                client().connect(target.username(), address, target.port(), context, null).addListener(cf -> {
                    if (!cf.isConnected()) {
                        em.fail(failure(cf.getException(), seen.get(), target));
                        return;
                    }
                    ClientSession session = cf.getSession();
                    opened.set(session);
                    attempt.connected();
                    prepare(session, target);
                    try {
                        session.auth().addListener(af -> {
                            if (af.isSuccess()) {
                                keepalive(session, keepalive);
                                em.complete(session);
                            } else {
                                closeNow(session);
                                em.fail(failure(af.getException(), seen.get(), target));
                            }
                        });
                    } catch (IOException e) {
                        closeNow(session);
                        em.fail(failure(e, seen.get(), target));
                    }
                });
            } catch (IOException e) {
                em.fail(failure(e, seen.get(), target));
            }
        }).ifNoItem().after(limit).failWith(() -> new SshFailure("timeout", "no answer from " + target.host() + ":"
                + target.port() + " within " + AsyncExec.words(limit), null)).onFailure()
                .invoke(e -> closeNow(opened.get())).onCancellation().invoke(() -> closeNow(opened.get()));
    }

    private static void keepalive(ClientSession session, Duration keepalive) {
        if (keepalive != null && !keepalive.isZero() && !keepalive.isNegative()) {
            SshKeepalive.start(session, keepalive, KEEPALIVE_MAX_MISSED);
        }
    }

    /** The credential to authenticate with. */
    private static void prepare(ClientSession session, SshTarget target) {
        if (target.keyPair() != null) {
            session.addPublicKeyIdentity(target.keyPair());
        } else {
            session.addPasswordIdentity(target.password());
        }
    }

    /**
     * Why a connection failed: the key the server showed (if any) tells mismatch and auth from the
     * rest.
     */
    private static SshFailure failure(Throwable e, HostKey presented, SshTarget target) {
        if (presented != null && !presented.fingerprint().equals(target.trustedFingerprint())) {
            return new SshFailure("host_key_mismatch", "host key mismatch: the server presented "
                    + presented.fingerprint() + " but " + target.trustedFingerprint() + " is trusted", presented);
        }
        if (presented != null) {
            return new SshFailure("auth_failed", "authentication as " + target.username() + " failed", null);
        }
        return describe(e, target.host(), target.port());
    }

    private boolean verify(ClientSession session, java.net.SocketAddress address, PublicKey key) {
        AttributeRepository context = session.getConnectionContext();
        HostKey presented = new HostKey(SshKeys.fingerprint(key), KeyUtils.getKeyType(key));
        AtomicReference<HostKey> seen = context == null ? null : context.getAttribute(PRESENTED);
        if (seen != null) {
            seen.set(presented);
        }
        String trusted = context == null ? null : context.getAttribute(TRUSTED);
        // no trusted fingerprint: a fetch, which only records the key and never proceeds
        return trusted != null && trusted.equals(presented.fingerprint());
    }

    private SshClient client() {
        SshClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    c = SshClient.setUpDefaultClient();
                    // the JDK's SecureRandom, as without Bouncy Castle (MINA would pick Bouncy Castle's generator)
                    c.setRandomFactory(JceRandomFactory.INSTANCE);
                    c.setKeyExchangeFactories(withoutPostQuantumHybrids(c.getKeyExchangeFactories()));
                    c.setCipherFactories(aesGcmFirst(c.getCipherFactories()));
                    c.setServerKeyVerifier(this::verify);
                    c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
                    c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
                    // keystrokes and small control packets go out at once, as OpenSSH does for interactive sessions
                    CoreModuleProperties.TCP_NODELAY.set(c, true);
                    c.start();
                    client = c;
                }
                c = client;
            }
        }
        return c;
    }

    /**
     * MINA offers the post-quantum hybrids (sntrup761x25519, mlkem768x25519…) first when Bouncy Castle
     * is present, and OpenSSH 9.x/10.x then picks one: in Bouncy Castle's pure Java each handshake
     * costs 50–90 ms of CPU against 1–2 ms for curve25519, which the monitor pays per server and the
     * gateway per terminal. Left out; curve25519-sha256 leads, as it did before.
     */
    static List<KeyExchangeFactory> withoutPostQuantumHybrids(List<KeyExchangeFactory> offered) {
        return offered.stream()
                .filter(f -> !f.getName().startsWith("sntrup") && !f.getName().startsWith("mlkem"))
                .toList();
    }

    /**
     * MINA offers chacha20-poly1305 first, which it computes in plain Java: a terminal's output then
     * costs the gateway more CPU in the cipher than in everything else together. AES-GCM (as strong,
     * and OpenSSH's choice too when the client asks for it first) runs on the JDK's AES and carry-less
     * multiply intrinsics and needs no separate MAC. The rest keep MINA's order behind it.
     */
    static List<NamedFactory<Cipher>> aesGcmFirst(List<NamedFactory<Cipher>> offered) {
        List<NamedFactory<Cipher>> ordered = new ArrayList<>(offered.size());
        for (String first : List.of(BuiltinCiphers.aes128gcm.getName(), BuiltinCiphers.aes256gcm.getName())) {
            offered.stream().filter(f -> f.getName().equals(first)).forEach(ordered::add);
        }
        offered.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }

    /**
     * Stops the client and with it every session it holds (the container calls it; so may a plain
     * test).
     */
    @PreDestroy
    public void stop() {
        SshClient c = client;
        if (c != null) {
            c.stop();
        }
    }

    private static SshFailure describe(Throwable e, String host, int port) {
        if (e == null) {
            return new SshFailure("ssh_error", "SSH to " + host + ":" + port + " failed", null);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = host + ":" + port;
        if (root instanceof ConnectException) {
            return new SshFailure("unreachable", "connection to " + where + " refused", null);
        }
        if (root instanceof UnknownHostException) {
            return new SshFailure("unreachable", "unknown host " + host, null);
        }
        String text = String.valueOf(e.getMessage()).toLowerCase();
        if (text.contains("timeout") || text.contains("timed out")) {
            return new SshFailure("timeout", "no answer from " + where + " in time", null);
        }
        return new SshFailure("ssh_error", "SSH to " + where + " failed: " + root.getClass().getSimpleName(), null);
    }

    /**
     * Closes at once without waiting: safe on MINA's own I/O threads, where a graceful close must not
     * block.
     */
    private static void closeNow(ClientSession session) {
        if (session != null) {
            session.close(true);
        }
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // already failing; the original error is what matters
            }
        }
    }
}

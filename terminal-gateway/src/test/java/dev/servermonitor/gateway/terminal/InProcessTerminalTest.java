package dev.servermonitor.gateway.terminal;

import java.net.URI;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;

import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.gateway.support.GatewayCentralApi;
import dev.servermonitor.gateway.terminal.TerminalClient.TokenIn;

/**
 * What the terminal tests against the in-process MINA sshd (running /bin/sh) share: the sshd for
 * the class, the real central-api (for every test of this module), and per test a server of their
 * own whose host key an admin has trusted.
 */
@QuarkusTestResource(GatewayCentralApi.class)
abstract class InProcessTerminalTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    static TestSshServer sshd;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    DataSource db;

    TerminalFixtures fx;
    long server;

    @BeforeAll
    static void startSshd() {
        sshd = TestSshServer.start(TerminalFixtures.SSH_PASSWORD, null);
    }

    @AfterAll
    static void stopSshd() {
        sshd.close();
    }

    @BeforeEach
    void trustedServer() {
        fx = new TerminalFixtures(db);
        server = fx.trustedServer(sshd.port(), sshd.hostKeyFingerprint());
    }

    /**
     * A terminal on this test's server as {@code user}, the token in the subprotocol as a browser sends
     * it.
     */
    TerminalClient open(long user) {
        return TerminalClient.to(gateway, server).token(fx.token(user), TokenIn.SUBPROTOCOL).connect();
    }
}

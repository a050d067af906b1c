package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.servermonitor.common.host.HostDenyList;

/**
 * SERVER_HOST_DENY on the address a name resolves to. Fixed resolvers stand in for DNS, and the
 * only socket is a loopback listener that must never see a connection.
 */
class SshAddressesTest {

    private static final HostDenyList DEFAULT = HostDenyList.parse(null);

    private static SshAddresses resolving(Map<String, String[]> dns) {
        return new SshAddresses(DEFAULT, host -> {
            String[] answers = dns.get(host);
            if (answers == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) {
                out[i] = InetAddress.getByAddress(host, InetAddress.getByName(answers[i]).getAddress());
            }
            return out;
        });
    }

    @Test
    void aNameResolvingToAMetadataAddressIsRefused() {
        SshAddresses addresses = resolving(Map.of("innocent.example", new String[]{"169.254.169.254"}, "v6.example",
                new String[]{"fd00:ec2::254"}, "nat64.example", new String[]{"64:ff9b::a9fe:a9fe"}, "mixed.example",
                new String[]{"10.0.0.5", "169.254.169.254"}));
        assertThatThrownBy(() -> addresses.resolve("innocent.example")).isInstanceOfSatisfying(SshFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo("host_denied");
                    assertThat(f.getMessage()).isEqualTo("host innocent.example resolves to 169.254.169.254, which is"
                            + " a cloud metadata address, refused by SERVER_HOST_DENY");
                });
        for (String host : new String[]{"v6.example", "nat64.example", "mixed.example"}) {
            assertThatThrownBy(() -> addresses.resolve(host)).as(host).isInstanceOfSatisfying(SshFailure.class,
                    f -> assertThat(f.code()).isEqualTo("host_denied"));
        }
    }

    @Test
    void anAllowedNameGivesTheCheckedAddressSoNothingResolvesItAgain() throws SshFailure {
        SshAddresses addresses = resolving(Map.of("web.example", new String[]{"10.0.0.5", "192.168.1.5"}));
        assertThat(addresses.resolve("web.example")).isEqualTo("10.0.0.5");
    }

    @Test
    void refusedSpellingsNeverReachTheResolver() {
        SshAddresses addresses = new SshAddresses(DEFAULT, host -> {
            throw new AssertionError("resolved " + host);
        });
        assertThatThrownBy(() -> addresses.resolve("0x7f.1")).isInstanceOfSatisfying(SshFailure.class,
                f -> assertThat(f.getMessage()).startsWith("host is a legacy numeric form of the IPv4 address"));
        assertThatThrownBy(() -> addresses.resolve("metadata.google.internal"))
                .isInstanceOfSatisfying(SshFailure.class, f -> assertThat(f.code()).isEqualTo("host_denied"));
    }

    @Test
    void anUnknownNameIsUnreachable() {
        assertThatThrownBy(() -> resolving(Map.of()).resolve("nowhere.example"))
                .isInstanceOfSatisfying(SshFailure.class, f -> assertThat(f.code()).isEqualTo("unreachable"));
    }

    /**
     * The connector's three connect paths ask before connecting: with loopback denied, "localhost" (a
     * name, allowed as written) is refused on its resolved address and the listener stays untouched.
     */
    @Test
    void everyConnectPathChecksTheResolvedAddressBeforeConnecting() throws IOException {
        SshConnector connector = new SshConnector(new SshAddresses(HostDenyList.parse("default,127.0.0.0/8,::1")));
        Duration t = Duration.ofSeconds(2);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            SshTarget target = new SshTarget("localhost", port, "nobody", "SHA256:x", null, "pw");

            assertThatThrownBy(() -> connector.fetchHostKey("localhost", port, t)).isInstanceOfSatisfying(
                    SshFailure.class, f -> assertThat(f.getMessage()).contains("resolves to").contains("127.0.0.0/8"));
            assertThatThrownBy(() -> connector.connect(SshPurpose.TASK, target, t, t)).isInstanceOfSatisfying(
                    SshFailure.class,
                    f -> assertThat(f.code()).isEqualTo("host_denied"));
            assertThatThrownBy(() -> connector.connectAsync(SshPurpose.MONITOR, target, t, t, null).await().atMost(t))
                    .hasCauseInstanceOf(SshFailure.class).hasMessageContaining("which is in 127.0.0.0/8");

            listener.setSoTimeout(300);
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
        } finally {
            connector.stop();
        }
    }
}

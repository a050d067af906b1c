package dev.servermonitor.common.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Judges addresses only: nothing here resolves a name or opens a socket. */
class HostDenyListTest {

    private static final HostDenyList DEFAULT = HostDenyList.parse(null);

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.170.2", "::ffff:169.254.169.254", "fd00:ec2::254",
            "100.100.100.200", "168.63.129.16", "0.0.0.0", "::", "255.255.255.255", "224.0.0.1", "239.255.255.250",
            "ff02::1", "::169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::ffff:0.0.0.0"})
    void theDefaultRefusesMetadataUnspecifiedBroadcastAndMulticast(String host) {
        assertThat(DEFAULT.refusal(host)).startsWith("host " + host + " is ").endsWith(", refused by SERVER_HOST_DENY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "localhost", "10.0.0.1", "172.16.5.4", "192.168.1.10", "100.64.0.1",
            "fd12:3456::1", "fe80::1", "203.0.113.7", "2001:db8::17", "web-1.example.com"})
    void theDefaultKeepsLoopbackPrivateAndPublicHosts(String host) {
        assertThat(DEFAULT.refusal(host)).isNull();
    }

    @Test
    void metadataNamesAreRefusedAsWritten() {
        assertThat(DEFAULT.refusal("metadata.google.internal"))
                .isEqualTo("host metadata.google.internal is a cloud metadata address, refused by SERVER_HOST_DENY");
        assertThat(DEFAULT.refusal("METADATA.GOOGLE.INTERNAL.")).isNotNull();
        assertThat(DEFAULT.refusal("metadata.goog")).isNotNull();
    }

    @Test
    void reasonsSayWhatTheAddressIs() {
        assertThat(DEFAULT.refusal("169.254.169.254"))
                .isEqualTo("host 169.254.169.254 is a cloud metadata address, refused by SERVER_HOST_DENY");
        assertThat(DEFAULT.refusal("0.0.0.0")).contains("is an unspecified address");
        assertThat(DEFAULT.refusal("255.255.255.255")).contains("is the broadcast address");
        assertThat(DEFAULT.refusal("ff02::1")).contains("is a multicast address");
    }

    @Test
    void addressesCidrsNamesAndWildcardsCanBeAdded() {
        HostDenyList deny = HostDenyList.parse(" DEFAULT , 10.0.0.0/8, 2001:db8::/32 ,db.internal,*.corp.example");
        assertThat(deny.refusal("169.254.169.254")).isNotNull();
        assertThat(deny.refusal("10.1.2.3")).isEqualTo("host 10.1.2.3 is in 10.0.0.0/8, refused by SERVER_HOST_DENY");
        assertThat(deny.refusal("2001:db8::17")).contains("in 2001:db8::/32");
        assertThat(deny.refusal("::ffff:10.9.9.9")).contains("10.0.0.0/8");
        assertThat(deny.refusal("db.internal")).isNotNull();
        assertThat(deny.refusal("a.b.corp.example")).isNotNull();
        assertThat(deny.refusal("corp.example")).isNull();
        assertThat(deny.refusal("192.168.1.1")).isNull();
    }

    @Test
    void optionalCategoriesRefuseLoopbackPrivateAndLinkLocal() {
        HostDenyList deny = HostDenyList.parse("loopback,private,link-local");
        for (String host : new String[]{"127.0.0.1", "::1", "localhost", "10.0.0.1", "172.31.0.1", "192.168.0.1",
                "fd00::1", "fe80::1", "169.254.1.1"}) {
            assertThat(deny.refusal(host)).as(host).isNotNull();
        }
        assertThat(deny.refusal("0.0.0.0")).isNull();
    }

    @Test
    void noneAllowsEverything() {
        HostDenyList none = HostDenyList.parse("none");
        assertThat(none.empty()).isTrue();
        assertThat(none.refusal("169.254.169.254")).isNull();
        assertThat(none.refusal("metadata.google.internal")).isNull();
    }

    @Test
    void resolvedAddressesAreJudgedByTheirBytes() throws UnknownHostException {
        InetAddress mapped = InetAddress.getByAddress("evil.example",
                new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                        (byte) 254});
        assertThat(DEFAULT.deniedAs(mapped)).isEqualTo("a cloud metadata address");
        assertThat(DEFAULT.deniedAs(InetAddress.getByAddress("ok.example", new byte[]{10, 0, 0, 5}))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata,multicats", "none,metadata", "bad_name.example", "10.0.0.0/33", "127.1/8", "a b",
            "10.0.0.0/x"})
    void aWrongValueIsRefusedNamingTheVariable(String spec) {
        assertThatThrownBy(() -> HostDenyList.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SERVER_HOST_DENY: ");
    }
}

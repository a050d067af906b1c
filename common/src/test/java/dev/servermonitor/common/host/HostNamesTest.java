package dev.servermonitor.common.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"web-1.example.com", "localhost", "db.", "10.0.0.1", "127.0.0.1", "::1", "2001:db8::17",
            "::ffff:10.0.0.1", "0x7f.example.com", "1password.example"})
    void acceptsHostNamesAndCanonicalAddresses(String host) {
        assertThat(HostNames.problem(host)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " web1", "web 1", "a;b", "$(reboot)", "http://web1", "web1:22", "[::1]", "999.1.1.1",
            "-web.example", "web..example", "fe80::1%eth0", "1:2", "08.0.0.1", "1.2.3.4.5", "web.123",
            "::ffff:0177.0.0.1", "::ffff:127.1"})
    void refusesWhatIsNeitherANameNorAnAddress(String host) {
        assertThat(HostNames.problem(host)).isEqualTo("host must be a DNS host name or an IPv4/IPv6 address");
    }

    /** Every form inet_aton(3) reads as an address, refused with the address it would have meant. */
    @ParameterizedTest
    @CsvSource({"0x7f.1,127.0.0.1", "0177.0.0.1,127.0.0.1", "2130706433,127.0.0.1", "127.1,127.0.0.1",
            "0x7f000001,127.0.0.1", "0xA9.0xFE.0xA9.0xFE,169.254.169.254", "169.254.43518,169.254.169.254",
            "0251.0376.0251.0376,169.254.169.254", "127.0.0.1.,127.0.0.1", "0,0.0.0.0", "010.0.0.1,8.0.0.1"})
    void refusesLegacyNumericFormsNamingTheAddressMeant(String host, String meant) {
        assertThat(HostNames.problem(host)).startsWith("host is a legacy numeric form of the IPv4 address " + meant)
                .endsWith("write it as " + meant);
    }
}

package dev.servermonitor.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String SECRET = "configured-secret-value-0123456789";
    private final Redactor redactor = new Redactor(List.of(SECRET, "abc"));

    @Test
    void masksExactConfiguredSecretValues() {
        assertThat(redactor.redact("connecting with " + SECRET + " now")).isEqualTo("connecting with [REDACTED] now");
    }

    @Test
    void ignoresConfiguredValuesTooShortToSearchFor() {
        assertThat(redactor.redact("abc is fine")).isEqualTo("abc is fine");
    }

    @Test
    void masksBearerTokens() {
        assertThat(redactor.redact("Authorization: Bearer opaque-token.value_123"))
                .isEqualTo("Authorization: Bearer [REDACTED]");
    }

    @Test
    void masksJwtsAnywhere() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assertThat(redactor.redact("token=" + jwt + " used")).doesNotContain(jwt).contains("[REDACTED]");
        assertThat(redactor.redact("ws?x=" + jwt)).doesNotContain("eyJzdWIiOiIxIn0");
    }

    @Test
    void masksPemPrivateKeyBlocks() {
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\nAAAEbm9uZQ==\n"
                + "-----END OPENSSH PRIVATE KEY-----";
        String out = redactor.redact("key: " + pem + " stored");
        assertThat(out).isEqualTo("key: [REDACTED PRIVATE KEY] stored");
    }

    @Test
    void masksAnUnterminatedPemBlockToTheEnd() {
        String out = redactor.redact("-----BEGIN RSA PRIVATE KEY-----\nMIIEow truncated");
        assertThat(out).isEqualTo("[REDACTED PRIVATE KEY]");
    }

    @Test
    void masksPasswordStyleFields() {
        assertThat(redactor.redact("login password=hunter2222 user=bob"))
                .isEqualTo("login password=[REDACTED] user=bob");
        assertThat(redactor.redact("{\"username\":\"bob\",\"password\":\"s3cr\\\"et\"}"))
                .isEqualTo("{\"username\":\"bob\",\"password\":\"[REDACTED]\"}");
        assertThat(redactor.redact("newPassword: abcdefgh12")).isEqualTo("newPassword: [REDACTED]");
        assertThat(redactor.redact("refreshToken=r-123&x=1")).isEqualTo("refreshToken=[REDACTED]&x=1");
        assertThat(redactor.redact("passphrase = \"x y z\"")).isEqualTo("passphrase = \"[REDACTED]\"");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "GET /api/servers/12 200 3.10ms (user 7, tokens issued: 2)";
        assertThat(redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void onlyTextAPatternCouldMatchIsSearched() {
        assertThat(Redactor.mayHoldPattern("GET /api/servers/{id} 200 1.25ms")).isFalse();
        assertThat(Redactor.mayHoldPattern("f47ac10b-58cc-4372-a567-0e02b2c3d479")).isFalse();
        for (String risky : new String[]{"password: x", "token=x", "eyJhbGciOiJIUzI1NiJ9", "BEARER abc",
                "Authorization Bearer abc", "-----BEGIN OPENSSH PRIVATE KEY-----"}) {
            assertThat(Redactor.mayHoldPattern(risky)).as(risky).isTrue();
        }
        // and what the patterns mask is still masked through the shortcut
        Redactor r = new Redactor(List.of());
        assertThat(r.redact("sent BEARER abc.def")).isEqualTo("sent BEARER " + Redactor.MASK);
    }
}

package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.servermonitor.common.testing.TestKeys;

class SshKeysTest {

    @ParameterizedTest(name = "{0} pem={1} passphrase={2}")
    @CsvSource({"ed25519,false,''", "ed25519,false,'a passphrase'", "rsa,false,''", "rsa,true,''",
            "rsa,true,'pem passphrase'", "ecdsa,true,''", "ecdsa,false,''"})
    void readsWhatSshKeygenWritesAndAgreesOnTheFingerprint(String type, boolean pem, String passphrase)
            throws Exception {
        TestKeys.Generated key = TestKeys.generate(type, pem, passphrase);

        SshKeys.ParsedKey parsed = SshKeys.parse(key.privateKey(), passphrase);

        assertThat(parsed.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(key.publicKey()).startsWith(parsed.publicKey());
        assertThat(parsed.type()).isEqualTo(key.publicKey().split(" ")[0]);
    }

    /**
     * PKCS#8 ({@code BEGIN PRIVATE KEY} / {@code BEGIN ENCRYPTED PRIVATE KEY}), which ssh-keygen writes
     * with {@code -m PKCS8} and openssl by default; the encrypted form is read by Bouncy Castle's PKIX
     * part.
     */
    @ParameterizedTest(name = "{0} passphrase={1}")
    @CsvSource({"rsa,''", "rsa,'pkcs8 passphrase'", "ecdsa,''", "ecdsa,'pkcs8 passphrase'"})
    void readsPkcs8KeysWithOrWithoutAPassphrase(String type, String passphrase) throws Exception {
        TestKeys.Generated key = TestKeys.generate(type, 0, "PKCS8", passphrase);
        assertThat(key.privateKey())
                .contains(passphrase.isEmpty() ? "BEGIN PRIVATE KEY" : "BEGIN ENCRYPTED PRIVATE KEY");

        SshKeys.ParsedKey parsed = SshKeys.parse(key.privateKey(), passphrase);

        assertThat(parsed.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(parsed.type()).isEqualTo(key.publicKey().split(" ")[0]);
    }

    @Test
    void anEncryptedKeyWithoutItsPassphraseSaysSo() {
        TestKeys.Generated key = TestKeys.generate("ed25519", false, "the passphrase");
        assertThatThrownBy(() -> SshKeys.parse(key.privateKey(), null)).isInstanceOf(SshKeys.InvalidKeyException.class)
                .hasMessage("privateKey is encrypted: a passphrase is required");
        assertThatThrownBy(() -> SshKeys.parse(key.privateKey(), "not it"))
                .isInstanceOf(SshKeys.InvalidKeyException.class).hasMessageContaining("passphrase is wrong");
    }

    @Test
    void textThatIsNoKeyIsRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> SshKeys.parse("hello secret-ish text", null))
                .isInstanceOf(SshKeys.InvalidKeyException.class).message().doesNotContain("secret-ish");
        assertThatThrownBy(() -> SshKeys.parse("  ", null)).hasMessage("privateKey is empty");
    }

    @ParameterizedTest(name = "{0} {1} bits pem={2}")
    @CsvSource({"rsa,2048,false", "rsa,2048,true", "rsa,1024,true", "dsa,0,false", "dsa,0,true"})
    void theVaultRefusesShortRsaAndDsaKeysSayingWhy(String type, int bits, boolean pem) throws Exception {
        SshKeys.ParsedKey parsed = SshKeys.parse(TestKeys.generate(type, bits, pem, "").privateKey(), null);
        assertThatThrownBy(() -> SshKeys.requireVaultStrength(parsed)).isInstanceOf(SshKeys.InvalidKeyException.class)
                .hasMessageStartingWith(type.equals("dsa")
                        ? "privateKey is a DSA (ssh-dss) key"
                        : "privateKey is a " + bits + "-bit RSA key: RSA keys need at least 3072 bits");
    }

    @ParameterizedTest(name = "{0} {1} bits")
    @CsvSource({"rsa,3072", "rsa,4096", "ed25519,0", "ecdsa,256", "ecdsa,521"})
    void theVaultTakesRsa3072AndUpEd25519AndEcdsa(String type, int bits) throws Exception {
        SshKeys.requireVaultStrength(SshKeys.parse(TestKeys.generate(type, bits, false, "").privateKey(), null));
    }
}

package dev.servermonitor.api.sshkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox("a-master-key-of-reasonable-length-123", "ssh-key-vault");

    @Test
    void sealsAndOpensWithAFreshNonceEachTime() {
        Sealed a = box.seal("-----BEGIN OPENSSH PRIVATE KEY-----");
        Sealed b = box.seal("-----BEGIN OPENSSH PRIVATE KEY-----");

        assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(new String(a.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("OPENSSH");
        assertThat(box.openString(a)).isEqualTo("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        Sealed s = box.seal("secret");
        s.ciphertext()[0] ^= 1;
        assertThatThrownBy(() -> box.open(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void anotherSecretOrPurposeIsAnotherKey() {
        SecretBox other = new SecretBox("a-different-master-key-of-length-456", "ssh-key-vault");
        SecretBox otherPurpose = new SecretBox("a-master-key-of-reasonable-length-123", "server-passwords");

        assertThat(other.keyId()).isNotEqualTo(box.keyId());
        assertThat(otherPurpose.keyId()).isNotEqualTo(box.keyId());
        Sealed s = box.seal("x");
        assertThatThrownBy(() -> other.open(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(
                "sealed with key " + box.keyId());
        Sealed relabelled = new Sealed(otherPurpose.keyId(), s.nonce(), s.ciphertext());
        assertThatThrownBy(() -> otherPurpose.open(relabelled)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameSecretAlwaysDerivesTheSameKey() {
        assertThat(new SecretBox("a-master-key-of-reasonable-length-123", "ssh-key-vault").keyId())
                .isEqualTo(box.keyId()).hasSize(16);
    }
}

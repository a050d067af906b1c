package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Signature;
import java.time.Duration;

import javax.crypto.Cipher;
import javax.crypto.Mac;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.OpenSshServer;
import dev.servermonitor.common.testing.TestKeys;

/**
 * Ed25519 comes from Bouncy Castle (MINA's support for it; no net.i2p), as do the handshake's key
 * agreement and signatures, while the work on every packet, cipher and MAC, stays with the JDK's
 * SunJCE; against Debian's OpenSSH the key exchange is curve25519, not a post-quantum hybrid that
 * would cost tens of milliseconds of Java per handshake.
 */
class SecurityProvidersTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final SshConnector CONNECTOR = new SshConnector();

    private static TestKeys.Generated key;
    private static OpenSshServer sshd;

    @BeforeAll
    static void start() {
        key = TestKeys.generate("ed25519", false, "");
        sshd = OpenSshServer.start(key.publicKey());
    }

    @AfterAll
    static void stop() {
        sshd.close();
        CONNECTOR.stop();
    }

    @Test
    void ed25519IsBouncyCastlesAndSignsWhatItsPublicKeyVerifies() throws Exception {
        SshKeys.ParsedKey parsed = SshKeys.parse(key.privateKey(), "");
        assertThat(SecurityUtils.isBouncyCastleRegistered()).isTrue();
        assertThat(parsed.keyPair().getPrivate().getClass().getName()).startsWith("org.bouncycastle.");

        Signature signer = SecurityUtils.getSignature("Ed25519");
        signer.initSign(parsed.keyPair().getPrivate());
        byte[] message = "a challenge".getBytes();
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = SecurityUtils.getSignature("Ed25519");
        verifier.initVerify(parsed.keyPair().getPublic());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void eachPacketsCipherAndMacStayWithTheJdkTheHandshakeIsBouncyCastles() throws Exception {
        assertThat(SecurityUtils.getCipher("AES/CTR/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(SecurityUtils.getMac("HmacSHA256").getProvider().getName()).isEqualTo("SunJCE");
        // the JDK's own answers, for comparison: what MINA picks is what a plain getInstance gives
        assertThat(Cipher.getInstance("AES/CTR/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(Mac.getInstance("HmacSHA256").getProvider().getName()).isEqualTo("SunJCE");
        // once per connection: MINA prefers Bouncy Castle for what its JDK registrar does not claim
        assertThat(SecurityUtils.getKeyAgreement("X25519").getProvider().getName()).isEqualTo("BC");
        assertThat(SecurityUtils.getSignature("SHA256withECDSA").getProvider().getName()).isEqualTo("BC");
    }

    @Test
    void openSshAndThisClientAgreeOnCurve25519() throws Exception {
        SshTarget target = new SshTarget("127.0.0.1", sshd.port(), OpenSshServer.user(), sshd.hostKeyFingerprint(),
                SshKeys.parse(key.privateKey(), "").keyPair(), null);
        try (ClientSession session = CONNECTOR.connect(SshPurpose.TERMINAL, target, T, T)) {
            assertThat(session.isAuthenticated()).isTrue();
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS))
                    .isEqualTo("curve25519-sha256");
            // the JDK's AES-GCM both ways, not MINA's Java chacha20-poly1305 (OpenSSH's own first choice)
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.C2SENC))
                    .isEqualTo("aes128-gcm@openssh.com");
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC))
                    .isEqualTo("aes128-gcm@openssh.com");
        }
    }
}

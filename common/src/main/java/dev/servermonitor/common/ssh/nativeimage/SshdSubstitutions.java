package dev.servermonitor.common.ssh.nativeimage;

import java.util.Optional;

import org.apache.sshd.common.kex.KeyEncapsulationMethod;
import org.apache.sshd.common.util.security.eddsa.EdDSASecurityProviderRegistrar;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * MINA SSHD's paths into libraries this product does not carry, answered as the JVM finds out at
 * run time (package Javadoc).
 */
final class SshdSubstitutions {

    private SshdSubstitutions() {
    }

    static UnsupportedOperationException absent(String what) {
        return new UnsupportedOperationException(what + " is not part of this service");
    }
}

/**
 * net.i2p's EdDSA provider (Ed25519 comes from Bouncy Castle here): created by name when MINA
 * registers its providers; unsupported, as on the JVM where net.i2p is absent.
 */
@TargetClass(EdDSASecurityProviderRegistrar.class)
final class Target_EdDSASecurityProviderRegistrar {

    @Substitute
    public boolean isSupported() {
        return false;
    }

    @Substitute
    public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
        return Optional.empty();
    }
}

/**
 * ML-KEM hybrids (mlkem768x25519-sha256, mlkem1024nistp384-sha384): MINA 2.20 names Bouncy Castle
 * classes of a later release than the Quarkus BOM's 1.83 ({@code org.bouncycastle.crypto.kems}), so
 * on the JVM they report themselves unsupported; never offered (SshConnector leaves them out).
 */
@TargetClass(className = "org.apache.sshd.common.kex.MLKEM$Parameters")
final class Target_MLKEM_Parameters {

    @Substitute
    public boolean isSupported() {
        return false;
    }
}

@TargetClass(className = "org.apache.sshd.common.kex.MLKEM")
final class Target_MLKEM {

    @Substitute
    static KeyEncapsulationMethod.Client getClient(Target_MLKEM_Parameters parameters) {
        throw SshdSubstitutions.absent("ML-KEM of Bouncy Castle 1.84+");
    }

    @Substitute
    static KeyEncapsulationMethod.Server getServer(Target_MLKEM_Parameters parameters) {
        throw SshdSubstitutions.absent("ML-KEM of Bouncy Castle 1.84+");
    }
}

package dev.servermonitor.common.ssh.nativeimage;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.sshd.common.config.keys.loader.KeyPairResourceParser;
import org.apache.sshd.common.kex.KeyEncapsulationMethod;
import org.apache.sshd.common.random.JceRandomFactory;
import org.apache.sshd.common.random.RandomFactory;
import org.apache.sshd.common.util.security.Decryptor;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.bouncycastle.BouncyCastleSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;
import org.apache.sshd.server.keyprovider.AbstractGeneratorHostKeyProvider;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * MINA SSHD's Bouncy Castle paths, answered as they are on a JVM without Bouncy Castle (package
 * Javadoc).
 */
final class SshdSubstitutions {

    private SshdSubstitutions() {
    }

    static UnsupportedOperationException noBouncyCastle() {
        return new UnsupportedOperationException("Bouncy Castle is not part of this service");
    }
}

@TargetClass(SecurityUtils.class)
final class Target_SecurityUtils {

    @Substitute
    public static boolean isBouncyCastleRegistered() {
        return false;
    }

    @Substitute
    public static KeyPairResourceParser getBouncycastleKeyPairResourceParser() {
        throw SshdSubstitutions.noBouncyCastle();
    }

    @Substitute
    public static Decryptor getBouncycastleEncryptedPrivateKeyInfoDecryptor() {
        throw SshdSubstitutions.noBouncyCastle();
    }

    @Substitute
    public static AbstractGeneratorHostKeyProvider createGeneratorHostKeyProvider(Path path) {
        throw SshdSubstitutions.noBouncyCastle();
    }

    @Substitute
    public static RandomFactory getRandomFactory() {
        return JceRandomFactory.INSTANCE;
    }
}

/**
 * Created by name when MINA registers its providers; unsupported, as on the JVM where the provider
 * is absent.
 */
@TargetClass(BouncyCastleSecurityProviderRegistrar.class)
final class Target_BouncyCastleSecurityProviderRegistrar {

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
 * ML-KEM hybrids (mlkem768x25519-sha256, mlkem1024nistp384-sha384): Bouncy Castle's; not offered.
 */
@TargetClass(className = "org.apache.sshd.common.kex.MLKEM$Parameters")
final class Target_MLKEM_Parameters {

    @Substitute
    boolean isSupported() {
        return false;
    }
}

@TargetClass(className = "org.apache.sshd.common.kex.MLKEM")
final class Target_MLKEM {

    @Substitute
    static KeyEncapsulationMethod.Client getClient(Target_MLKEM_Parameters parameters) {
        throw SshdSubstitutions.noBouncyCastle();
    }

    @Substitute
    static KeyEncapsulationMethod.Server getServer(Target_MLKEM_Parameters parameters) {
        throw SshdSubstitutions.noBouncyCastle();
    }
}

/** sntrup761x25519-sha512: Bouncy Castle's; not offered. */
@TargetClass(className = "org.apache.sshd.common.kex.SNTRUP761")
final class Target_SNTRUP761 {

    @Substitute
    static boolean isSupported() {
        return false;
    }
}

@TargetClass(className = "org.apache.sshd.common.kex.BuiltinKEM$3")
final class Target_BuiltinKEM_sntrup761 {

    @Substitute
    public KeyEncapsulationMethod.Client getClient() {
        throw SshdSubstitutions.noBouncyCastle();
    }

    @Substitute
    public KeyEncapsulationMethod.Server getServer() {
        throw SshdSubstitutions.noBouncyCastle();
    }
}

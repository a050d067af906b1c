package dev.servermonitor.common.ssh.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes MINA SSHD looks up or creates by name, which a native executable must know at build time:
 * the NIO2 I/O factory every client and server is built on
 * ({@code BuiltinIoServiceFactoryFactories} creates it by name); the security-provider registrars
 * {@code SecurityUtils} instantiates (a missing one fails every SSH connection); the Bouncy Castle
 * provider, which its registrar looks up and creates by name, and Bouncy Castle's {@code EdDSAKey},
 * which it looks up to tell whether Ed25519 is there (without it every Ed25519 key is
 * "unsupported"); and {@code SshConstants}, whose fields MINA reads by reflection to name messages
 * and disconnect reasons in its errors (a native executable would otherwise give their numbers
 * only). The provider's own engines are Quarkus' {@code quarkus.security.security-providers=BC} to
 * register (common's microprofile-config.properties).
 */
@RegisterForReflection(classNames = {"org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory",
        "org.apache.sshd.common.SshConstants",
        "org.apache.sshd.common.util.security.SunJCESecurityProviderRegistrar",
        "org.apache.sshd.common.util.security.eddsa.EdDSASecurityProviderRegistrar",
        "org.apache.sshd.common.util.security.bouncycastle.BouncyCastleSecurityProviderRegistrar",
        "org.bouncycastle.jce.provider.BouncyCastleProvider", "org.bouncycastle.jcajce.interfaces.EdDSAKey"})
final class SshdReflection {

    private SshdReflection() {
    }
}

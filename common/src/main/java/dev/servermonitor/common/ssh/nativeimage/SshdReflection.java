package dev.servermonitor.common.ssh.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes MINA SSHD and the Ed25519 provider look up or create by name, which a native executable
 * must know at build time: the NIO2 I/O factory every client and server is built on
 * ({@code BuiltinIoServiceFactoryFactories} creates it by name); the security-provider registrars
 * {@code SecurityUtils} instantiates (a missing one fails every SSH connection); {@code EdDSAKey},
 * which the EdDSA registrar looks up to tell whether net.i2p is there (without it every Ed25519 key
 * is "unsupported"); the net.i2p provider's engines, which the JCA instantiates by name; and
 * {@code SshConstants}, whose fields MINA reads by reflection to name messages and disconnect
 * reasons in its errors (a native executable would otherwise give their numbers only).
 */
@RegisterForReflection(classNames = {"org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory",
        "org.apache.sshd.common.SshConstants",
        "org.apache.sshd.common.util.security.SunJCESecurityProviderRegistrar",
        "org.apache.sshd.common.util.security.eddsa.EdDSASecurityProviderRegistrar",
        "org.apache.sshd.common.util.security.bouncycastle.BouncyCastleSecurityProviderRegistrar",
        "net.i2p.crypto.eddsa.EdDSAKey", "net.i2p.crypto.eddsa.EdDSASecurityProvider",
        "net.i2p.crypto.eddsa.KeyFactory",
        "net.i2p.crypto.eddsa.KeyPairGenerator", "net.i2p.crypto.eddsa.EdDSAEngine"})
final class SshdReflection {

    private SshdReflection() {
    }
}

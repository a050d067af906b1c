package dev.servermonitor.common.ssh.nativeimage;

import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;

import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.forward.PortForwardingEventListener;
import org.apache.sshd.common.session.SessionListener;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeProxyCreation;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native builds only (named in common's native-image.properties): what MINA SSHD reaches by
 * reflection, which a native executable must be told at build time.
 * <ul>
 * <li>MINA makes every key factory, signature, cipher, digest, MAC and key agreement through
 * {@code SecurityEntityFactory}, which looks up the JCA class's static {@code getInstance(String)},
 * {@code getInstance(String, String)} or {@code getInstance(String, Provider)} by reflection and
 * invokes it: without them a native executable reads no key. Registering them also makes the
 * builder include the JDK providers' implementations of each kind, as a direct call would.
 * <li>Every client, session and connection fans its events out to its listeners through a dynamic
 * proxy of the listener interface ({@code EventListenerUtils.proxyWrapper}): without those proxy
 * classes no {@code SshClient} can even be built.
 * </ul>
 */
public final class SshdFeature implements Feature {

    /** The kinds {@code org.apache.sshd.common.util.security.SecurityUtils} creates (MINA 2.20). */
    static final List<Class<?>> ENTITY_TYPES = List.of(AlgorithmParameters.class, CertificateFactory.class,
            Cipher.class, KeyAgreement.class, KeyFactory.class, KeyPairGenerator.class, Mac.class,
            MessageDigest.class, Signature.class);

    /**
     * The listener interfaces MINA 2.20 proxies ({@code EventListenerUtils.proxyWrapper}'s callers).
     */
    static final List<Class<?>> PROXIED_LISTENERS = List.of(SessionListener.class, ChannelListener.class,
            PortForwardingEventListener.class);

    @Override
    public String getDescription() {
        return "Server Monitor: what MINA SSHD reaches by reflection";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (Class<?> type : ENTITY_TYPES) {
            try {
                RuntimeReflection.register(type.getDeclaredMethod("getInstance", String.class),
                        type.getDeclaredMethod("getInstance", String.class, String.class),
                        type.getDeclaredMethod("getInstance", String.class, Provider.class));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + " has no getInstance MINA SSHD could call", e);
            }
        }
        for (Class<?> listener : PROXIED_LISTENERS) {
            RuntimeProxyCreation.register(listener);
            // the proxy hands each event to every listener by invoking the interface's method
            RuntimeReflection.register(listener.getMethods());
        }
    }
}

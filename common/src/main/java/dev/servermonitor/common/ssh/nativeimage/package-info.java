/**
 * What a native executable needs of Apache MINA SSHD (docs/development.md, "Native mode"), stated
 * at build time so that the executable behaves as the JVM does.
 * <ul>
 * <li>{@link SshdSubstitutions}: MINA has paths into libraries the services do not carry —
 * net.i2p's EdDSA provider (Ed25519 is Bouncy Castle's here) and the ML-KEM classes of a Bouncy
 * Castle later than the Quarkus BOM's — which on the JVM report themselves unsupported at run time.
 * The builder links every reachable method, and those paths name classes that are not there; the
 * substitutions answer them as the JVM finds out.
 * <li>{@link SshdReflection}: the classes MINA creates or looks up by name, Bouncy Castle's
 * provider among them.
 * <li>{@link SshdFeature}: the JCA factory methods MINA calls by reflection and the listener
 * interfaces it proxies.
 * </ul>
 * Options the builder needs for MINA ({@code MontgomeryCurve} and MINA's random generator
 * initialised at run time) are in common's
 * {@code META-INF/native-image/dev.servermonitor/common/native-image.properties}; the Bouncy Castle
 * provider is registered by Quarkus ({@code quarkus.security.security-providers=BC} in common's
 * {@code microprofile-config.properties}), which keeps it and its engines in the executable.
 */
package dev.servermonitor.common.ssh.nativeimage;

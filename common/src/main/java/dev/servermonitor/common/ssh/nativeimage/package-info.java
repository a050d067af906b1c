/**
 * What a native executable needs of Apache MINA SSHD (docs/development.md, "Native mode"), stated
 * at build time so that the executable behaves as the JVM does.
 * <ul>
 * <li>{@link SshdSubstitutions}: every service runs without Bouncy Castle (it is not a dependency),
 * so on the JVM MINA's Bouncy Castle paths are never taken: its registrar reports itself
 * unsupported, the post-quantum key exchanges (ML-KEM, sntrup761) are not offered. The builder
 * links every reachable method, and those paths name Bouncy Castle classes that are not there; the
 * substitutions answer them as the JVM finds out at run time.
 * <li>{@link SshdReflection}: the classes MINA and net.i2p create or look up by name.
 * <li>{@link SshdFeature}: the JCA factory methods MINA calls by reflection and the listener
 * interfaces it proxies.
 * </ul>
 * Options the builder needs for MINA (the EdDSA provider kept, {@code MontgomeryCurve} initialised
 * at run time) are in common's
 * {@code META-INF/native-image/dev.servermonitor/common/native-image.properties}.
 */
package dev.servermonitor.common.ssh.nativeimage;

package dev.servermonitor.common.db;

import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeProxyCreation;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native builds only (named in common's native-image.properties): a native executable can make only
 * the proxy classes registered at build time, and {@link StatementDeadline} proxies whatever class
 * the Vert.x client hands out. So for every class of a wrapped kind the analysis finds reachable,
 * this registers the proxy {@link StatementDeadline} will ask for
 * ({@link DeadlineProxies#interfacesOf}) and the interfaces' methods, which the proxy calls on the
 * real object by reflection.
 */
public final class DeadlineProxyFeature implements Feature {

    @Override
    public String getDescription() {
        return "Server Monitor: the database deadline's proxies";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (Class<?> kind : DeadlineProxies.WRAPPED) {
            access.registerSubtypeReachabilityHandler((a, type) -> register(type), kind);
        }
    }

    private static void register(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || Proxy.isProxyClass(type)) {
            return;
        }
        Class<?>[] interfaces = DeadlineProxies.interfacesOf(type);
        RuntimeProxyCreation.register(interfaces);
        for (Class<?> i : interfaces) {
            RuntimeReflection.register(i.getMethods());
        }
    }
}

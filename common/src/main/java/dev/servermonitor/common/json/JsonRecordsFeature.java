package dev.servermonitor.common.json;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native builds only (named in common's native-image.properties): every JSON shape of this product
 * is a record ({@code XxxView}, {@code XxxRequest}, socket messages, stored documents), and Jackson
 * reads and writes records by reflection, which a native executable allows only for what was
 * registered at build time. Quarkus registers the types its REST layer can see in method
 * signatures, not those built into a {@code Response}, written to a socket or stored as JSON. So
 * every record of ours that the analysis finds reachable is registered here — its constructors,
 * accessors, fields and components — and a new record cannot work on the JVM and fail natively.
 */
public final class JsonRecordsFeature implements Feature {

    private static final String OURS = "dev.servermonitor.";

    @Override
    public String getDescription() {
        return "Server Monitor: its records, for Jackson";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        access.registerSubtypeReachabilityHandler((a, type) -> register(type), Record.class);
    }

    private static void register(Class<?> type) {
        if (!type.getName().startsWith(OURS)) {
            return;
        }
        RuntimeReflection.register(type);
        RuntimeReflection.register(type.getDeclaredConstructors());
        RuntimeReflection.register(type.getDeclaredMethods());
        RuntimeReflection.register(type.getDeclaredFields());
        RuntimeReflection.registerAllRecordComponents(type);
    }
}

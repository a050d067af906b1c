package dev.servermonitor.common.edge;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * With {@code ENVIRONMENT=production} the API description ({@code /q/openapi}) and Swagger UI are
 * off: they map every route for anyone on the public port. A deployer may still turn them on
 * explicitly ({@code QUARKUS_SMALLRYE_OPENAPI_ENABLED=true}, an environment variable, wins).
 */
public class ProductionExposure implements ConfigSourceFactory {

    /** Above application.properties (250), below environment variables (300). */
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue env = context.getValue("ENVIRONMENT");
        if (env == null || env.getValue() == null || !production(env.getValue())) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.smallrye-openapi.enabled", "false", "quarkus.swagger-ui.enabled", "false"),
                "production-exposure", ORDINAL));
    }

    /** The same rule as CommonConfig.production(). */
    static boolean production(String environment) {
        String e = environment.trim().toLowerCase(Locale.ROOT);
        return e.equals("production") || e.equals("prod");
    }
}

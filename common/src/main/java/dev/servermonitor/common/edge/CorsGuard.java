package dev.servermonitor.common.edge;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with a wildcard in CORS_ORIGINS: with credentials allowed it would let any site
 * in.
 */
@ApplicationScoped
public class CorsGuard {

    private static final Logger LOG = Logger.getLogger(CorsGuard.class);

    void onStart(@Observes StartupEvent event, Config config) {
        Optional<String> origins = config.getOptionalValue("CORS_ORIGINS", String.class);
        if (origins.isPresent() && origins.get().contains("*")) {
            String line = "CORS_ORIGINS must list exact origins (https://console.example.com,...); '*' is refused";
            LOG.error(line);
            throw new IllegalStateException(line);
        }
    }
}

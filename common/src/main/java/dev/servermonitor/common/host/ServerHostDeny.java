package dev.servermonitor.common.host;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.servermonitor.common.config.CommonConfig;

/**
 * The service's one {@link HostDenyList}, read from {@code SERVER_HOST_DENY}; a wrong value stops
 * the start.
 */
@ApplicationScoped
public class ServerHostDeny {

    private static final Logger LOG = Logger.getLogger(ServerHostDeny.class);

    @Produces
    @Singleton
    HostDenyList denyList(CommonConfig config) {
        try {
            return HostDenyList.parse(config.serverHost().deny());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    void onStart(@Observes StartupEvent event, HostDenyList deny) {
        if (deny.empty()) {
            LOG.warn(
                    "SERVER_HOST_DENY=none: servers may point SSH at cloud metadata, broadcast and multicast addresses");
        }
    }
}

package dev.servermonitor.common.logging;

import java.util.logging.Handler;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;

import io.quarkus.runtime.StartupEvent;

/** Puts {@link FlatMdcJsonFormatter} in front of every JSON handler as the first thing at start. */
@ApplicationScoped
public class JsonLogSetup {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        String service = ConfigProvider.getConfig().getOptionalValue("servermonitor.service", String.class)
                .orElse(null);
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            wrap(handler, service);
        }
    }

    private static void wrap(Handler handler, String service) {
        if (handler.getFormatter() instanceof JsonFormatter json) {
            handler.setFormatter(FlatMdcJsonFormatter.over(json, service));
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                wrap(child, service);
            }
        }
    }
}

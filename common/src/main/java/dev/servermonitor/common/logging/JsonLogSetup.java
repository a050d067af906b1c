package dev.servermonitor.common.logging;

import java.util.logging.Handler;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;

import io.quarkus.runtime.StartupEvent;

/** Puts {@link FlatMdcJsonFormatter} in front of every JSON handler as the first thing at start. */
@ApplicationScoped
public class JsonLogSetup {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            wrap(handler);
        }
    }

    private static void wrap(Handler handler) {
        if (handler.getFormatter() instanceof JsonFormatter json) {
            handler.setFormatter(new FlatMdcJsonFormatter(json));
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                wrap(child);
            }
        }
    }
}

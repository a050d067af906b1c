package dev.servermonitor.common.shutdown;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Fires {@link ShuttingDown} once: at the start of the shutdown delay phase
 * ({@code quarkus.shutdown.delay-enabled}), or, when shutdown skipped that phase, among the first
 * shutdown observers ({@code PLATFORM_BEFORE}).
 */
@ApplicationScoped
public class ShutdownStart {

    private final Event<ShuttingDown> event;
    private boolean fired;

    public ShutdownStart(Event<ShuttingDown> event) {
        this.event = event;
    }

    void onDelayStarts(@Observes ShutdownDelayInitiatedEvent e) {
        fire();
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent e) {
        fire();
    }

    private synchronized void fire() {
        if (!fired) {
            fired = true;
            event.fire(new ShuttingDown());
        }
    }
}

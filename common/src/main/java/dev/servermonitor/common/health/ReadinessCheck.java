package dev.servermonitor.common.health;

import io.smallrye.mutiny.Uni;

/**
 * One thing that must hold before this service takes traffic; every bean implementing it is
 * checked.
 */
public interface ReadinessCheck {

    /** The key under {@code checks} in the readiness response. */
    String name();

    /** Must not block; a failure may also be signalled by a failed Uni. */
    Uni<CheckResult> check();
}

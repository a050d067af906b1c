package dev.servermonitor.common.health;

/** The outcome of one readiness check: ok or not, and a short reason that never holds a secret. */
public record CheckResult(boolean ok, String reason) {

    public static CheckResult ok(String reason) {
        return new CheckResult(true, reason);
    }

    public static CheckResult fail(String reason) {
        return new CheckResult(false, reason);
    }

    public String status() {
        return ok ? "ok" : "fail";
    }
}

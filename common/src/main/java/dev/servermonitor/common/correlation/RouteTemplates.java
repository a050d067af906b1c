package dev.servermonitor.common.correlation;

import java.util.regex.Pattern;

/**
 * Route templates as people read them: {@code /api/servers/{id: [0-9]+}} becomes
 * {@code /api/servers/{id}}.
 */
public final class RouteTemplates {

    private static final Pattern PATH_PARAM_REGEX = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");

    private RouteTemplates() {
    }

    public static String normalise(String template) {
        return PATH_PARAM_REGEX.matcher(template).replaceAll("{$1}");
    }
}

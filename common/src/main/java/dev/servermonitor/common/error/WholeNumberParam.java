package dev.servermonitor.common.error;

/**
 * A whole-number query parameter in a range: a 400 naming it and its range when it is anything
 * else.
 */
public final class WholeNumberParam {

    private WholeNumberParam() {
    }

    /** {@code dflt} when absent or blank, else a whole number from 1 to {@code max}. */
    public static int of(String name, String value, int dflt, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, like any other bad value
        }
        throw ApiException.invalid(name + " must be a whole number from 1 to " + max);
    }
}

package dev.servermonitor.api.user;

import java.nio.charset.StandardCharsets;

import dev.servermonitor.common.error.ApiException;

/**
 * What a password must be. bcrypt reads only 72 bytes: a longer password is refused, never cut
 * silently.
 */
public final class PasswordPolicy {

    static final int MIN_CHARS = 10;
    static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    /** Throws a 400 naming the rule a password breaks. */
    public static void check(String field, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_CHARS) {
            throw ApiException.invalid(field + " must be at least " + MIN_CHARS + " characters");
        }
        if (!fitsBcrypt(password)) {
            throw ApiException.invalid(field + " must be at most " + MAX_BYTES + " bytes in UTF-8 (bcrypt's limit)");
        }
    }

    /**
     * False for a password bcrypt would silently cut. No stored password is longer, so at login such a
     * password is simply wrong, and is refused before any hashing.
     */
    public static boolean fitsBcrypt(String password) {
        return password.length() <= MAX_BYTES && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

}

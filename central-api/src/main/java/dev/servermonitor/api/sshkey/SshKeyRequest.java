package dev.servermonitor.api.sshkey;

import dev.servermonitor.common.error.ApiException;

/** {@code POST /api/ssh-keys}. */
public record SshKeyRequest(String name, String privateKey, String passphrase, String description) {

    void validate() {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiException.invalid("name is required (1-100 characters)");
        }
        if (privateKey == null || privateKey.isBlank() || privateKey.length() > 64 * 1024) {
            throw ApiException.invalid("privateKey is required (at most 64 KiB)");
        }
        if (description != null && description.length() > 1000) {
            throw ApiException.invalid("description is at most 1000 characters");
        }
    }

}

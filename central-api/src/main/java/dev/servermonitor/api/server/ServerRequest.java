package dev.servermonitor.api.server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.host.HostDenyList;
import dev.servermonitor.common.host.HostNames;

/**
 * {@code POST /api/servers} and {@code PUT /api/servers/{id}}. The credential is required on create
 * and kept when left out of an update. Host-key fields are not accepted here (see the host-key
 * routes).
 */
public record ServerRequest(String name, String host, Integer port, String username, String description,
        List<String> tags, Credential credential) {

    /** Exactly one of a vault key or a password. */
    public record Credential(Long sshKeyId, String password) {
    }

    static final Pattern USERNAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:/-]{1,50}");

    /** Checks every field; {@code deny} is SERVER_HOST_DENY, applied to the host as written. */
    void validate(boolean creating, HostDenyList deny) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw ApiException.invalid("name is required (1-100 characters)");
        }
        String hostProblem = HostNames.problem(host);
        if (hostProblem == null) {
            hostProblem = deny.refusal(host);
        }
        if (hostProblem != null) {
            throw ApiException.invalid(hostProblem);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw ApiException.invalid("port must be between 1 and 65535");
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiException
                    .invalid("username must be a POSIX user name (letters, digits, '_', '.', '-'; at most 32)");
        }
        if (description != null && description.length() > 1000) {
            throw ApiException.invalid("description is at most 1000 characters");
        }
        if (tags != null && (tags.size() > 20 || !tags.stream().allMatch(t -> t != null && TAG.matcher(t).matches()))) {
            throw ApiException.invalid("tags: at most 20, each 1-50 letters, digits or . _ : / -");
        }
        if (credential == null) {
            if (creating) {
                throw ApiException.invalid("credential is required: {\"sshKeyId\": …} or {\"password\": …}");
            }
            return;
        }
        boolean key = credential.sshKeyId() != null;
        boolean password = credential.password() != null;
        if (key == password) {
            throw ApiException.invalid("credential needs exactly one of sshKeyId or password");
        }
        if (password && (credential.password().isEmpty() || credential.password().length() > 1024)) {
            throw ApiException.invalid("credential.password must be 1-1024 characters");
        }
    }

    int portOrDefault() {
        return port == null ? 22 : port;
    }

    String[] tagArray() {
        return tags == null ? new String[0] : new LinkedHashSet<>(tags).toArray(String[]::new);
    }

}

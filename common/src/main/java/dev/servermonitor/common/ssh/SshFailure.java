package dev.servermonitor.common.ssh;

/**
 * Why an SSH connection did not come up, in words fit for an API response (no secrets, no stack).
 */
public class SshFailure extends Exception {

    /**
     * {@code host_denied} (SERVER_HOST_DENY refuses the host or an address it resolves to; nothing was
     * connected), {@code unreachable}, {@code timeout}, {@code host_key_mismatch}, {@code auth_failed}
     * or {@code ssh_error}.
     */
    private final String code;
    /** The key the server presented, when the failure is a mismatch. */
    private final HostKey presented;

    public SshFailure(String code, String message, HostKey presented) {
        super(message, null, false, false);
        this.code = code;
        this.presented = presented;
    }

    public String code() {
        return code;
    }

    public HostKey presented() {
        return presented;
    }
}

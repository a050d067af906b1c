package dev.servermonitor.common.ssh;

import java.util.Locale;

/** What an SSH connection is for: the {@code purpose} label of the SSH metrics. */
public enum SshPurpose {

    /** A remote task (central-api). */
    TASK,
    /** The connection test of a server (central-api). */
    CONNECTION_TEST,
    /** Fetching a server's host key before it is trusted (central-api). */
    HOST_KEY,
    /** A browser terminal (terminal-gateway). */
    TERMINAL,
    /** Collecting a server's stats (websocket-monitor). */
    MONITOR;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

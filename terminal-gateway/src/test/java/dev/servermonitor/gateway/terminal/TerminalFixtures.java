package dev.servermonitor.gateway.terminal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.servermonitor.common.testing.ApiFixtures;
import dev.servermonitor.common.testing.DbRows;

/** {@link ApiFixtures} plus what the terminal tests read back: session rows and audit entries. */
final class TerminalFixtures extends ApiFixtures {

    static final String SSH_PASSWORD = "terminal-ssh-password-1";

    TerminalFixtures(DataSource db) {
        super(db);
    }

    /** A server on 127.0.0.1:{@code port} with a password, its host key trusted by an admin. */
    long trustedServer(int port, String fingerprint) {
        return trustedServer(port, "t" + UUID.randomUUID().toString().substring(0, 8), SSH_PASSWORD, fingerprint);
    }

    /** The session's row, column by column (values as text). */
    Map<String, String> sessionRow(String id) {
        var rows = DbRows.query(db, "select * from terminal_sessions where id = ?::uuid", id);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, String> row = new HashMap<>();
        rows.get(0).forEach((k, v) -> row.put(k, v == null ? null : v.toString()));
        return row;
    }

    List<Map<String, Object>> audit(String action, String sessionId) {
        return DbRows.audit(db, action, sessionId);
    }
}

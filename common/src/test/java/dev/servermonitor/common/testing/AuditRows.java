package dev.servermonitor.common.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Reads {@code audit_logs} through JDBC, for asserting that an action was (or was not) audited. */
public final class AuditRows {

    private AuditRows() {
    }

    /**
     * Rows with this action and (when not null) this target id, oldest first, as column → value maps.
     */
    public static List<Map<String, Object>> find(DataSource db, String action, Object targetId) {
        String sql = "select * from audit_logs where action = ?" + (targetId == null ? "" : " and target_id = ?")
                + " order by id";
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, action);
            if (targetId != null) {
                st.setString(2, targetId.toString());
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement (tests that age rows to simulate time passing). */
    public static int execute(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

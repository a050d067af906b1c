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

/** Straight JDBC for tests: what the database holds, independent of the code under test. */
public final class DbRows {

    private DbRows() {
    }

    /** Audit rows with this action and (when not null) this target id, oldest first. */
    public static List<Map<String, Object>> audit(DataSource db, String action, Object targetId) {
        return targetId == null
                ? query(db, "select * from audit_logs where action = ? order by id", action)
                : query(db, "select * from audit_logs where action = ? and target_id = ? order by id", action,
                        targetId.toString());
    }

    /** The rows a query returns, as column → value maps. */
    public static List<Map<String, Object>> query(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
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

    /** Runs one statement, e.g. to age rows as if time had passed; returns the update count. */
    public static int execute(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }
}

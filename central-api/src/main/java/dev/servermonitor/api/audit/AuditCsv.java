package dev.servermonitor.api.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.commons.csv.CSVFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * RFC 4180 lines for the audit export, written by commons-csv. Any cell a spreadsheet would run as
 * a formula (starting with =, +, -, @, tab or carriage return) is prefixed with a single quote.
 */
final class AuditCsv {

    static final String HEADER = line("id", "timestamp", "service", "user_id", "username", "action", "target_type",
            "target_id", "ip", "user_agent", "request_id", "meta");

    private AuditCsv() {
    }

    static String line(AuditRecord r, String metaJson) {
        return line(Long.toString(r.id()), r.timestamp().toString(), r.service(),
                r.userId() == null ? null : r.userId().toString(), r.username(), r.action(), r.targetType(),
                r.targetId(),
                r.ip(), r.userAgent(), r.requestId(), metaJson);
    }

    /** The cell as a spreadsheet may safely open it. */
    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell
                : cell;
    }

    static String metaJson(ObjectMapper json, Object meta) {
        try {
            return json.writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static String line(String... cells) {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = neutralise(cells[i]);
        }
        try {
            StringBuilder out = new StringBuilder();
            CSVFormat.RFC4180.printRecord(out, safe);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

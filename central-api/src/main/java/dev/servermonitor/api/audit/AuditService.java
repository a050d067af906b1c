package dev.servermonitor.api.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.servermonitor.common.audit.AuditEntry;
import dev.servermonitor.common.audit.AuditWriter;
import dev.servermonitor.common.audit.RequestOrigin;
import dev.servermonitor.common.security.CurrentUser;

/**
 * Reading and exporting the audit log; an export is itself audited, with its filters and row count.
 */
@ApplicationScoped
public class AuditService {

    static final int EXPORT_DEFAULT = 10_000;
    static final int EXPORT_MAX = 50_000;

    private final AuditRepository audits;
    private final AuditWriter audit;
    private final Pool pool;
    private final ObjectMapper json;

    public AuditService(AuditRepository audits, AuditWriter audit, Pool pool, ObjectMapper json) {
        this.audits = audits;
        this.audit = audit;
        this.pool = pool;
        this.json = json;
    }

    public Uni<AuditPage> page(AuditFilter filter, int limit, String cursor) {
        return audits.page(filter, limit, cursor);
    }

    public Multi<String> csv(AuditFilter filter, int limit, CurrentUser actor, RequestOrigin origin) {
        AtomicInteger rows = new AtomicInteger();
        Multi<String> lines = audits.stream(filter, limit).map(r -> {
            rows.incrementAndGet();
            String meta = AuditCsv.metaJson(json, r.meta());
            return AuditCsv.line(r, AuditCsv.metaJson(json, r.forExport(meta).meta()));
        });
        return audited(Multi.createBy().concatenating().streams(Multi.createFrom().item(AuditCsv.HEADER), lines), "csv",
                filter, rows, actor, origin);
    }

    /** Records, which Quarkus REST streams as one JSON array, element by element. */
    public Multi<AuditRecord> json(AuditFilter filter, int limit, CurrentUser actor, RequestOrigin origin) {
        AtomicInteger rows = new AtomicInteger();
        Multi<AuditRecord> items = audits.stream(filter, limit).map(r -> {
            rows.incrementAndGet();
            return r.forExport(AuditCsv.metaJson(json, r.meta()));
        });
        return audited(items, "json", filter, rows, actor, origin);
    }

    public static String fileName(String extension) {
        return "audit-logs-" + LocalDate.now(ZoneOffset.UTC) + "." + extension;
    }

    private <T> Multi<T> audited(Multi<T> export, String format, AuditFilter filter, AtomicInteger rows,
            CurrentUser actor, RequestOrigin origin) {
        return export.onCompletion().call(() -> pool.withTransaction(tx -> audit.append(tx,
                AuditEntry.of("audit.export").by(actor.id(), actor.username())
                        .with(Map.of("format", format, "filters", filter.asMap(), "rows", rows.get())),
                origin)));
    }
}

package dev.servermonitor.monitor.history;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.common.error.WholeNumberParam;
import dev.servermonitor.common.security.Roles;

/**
 * {@code GET /api/stats/recent?serverIds=1,2,3&minutes=10}: the last minutes of several servers at
 * once, so a page of the fleet view draws its sparklines from its first paint. Servers without
 * samples (or unknown) are simply absent.
 */
@Path("/api/stats/recent")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER})
public class RecentResource {

    static final int MAX_SERVERS = 500;
    static final int MAX_MINUTES = 60;

    private final HistoryRepository history;

    public RecentResource(HistoryRepository history) {
        this.history = history;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RecentView> recent(@QueryParam("serverIds") String serverIds, @QueryParam("minutes") String minutes) {
        List<Long> ids = ids(serverIds);
        int m = minutes(minutes);
        return history.recent(ids, m).map(servers -> new RecentView(m, servers));
    }

    static List<Long> ids(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid("serverIds must list at least one server id");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            try {
                ids.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("serverIds must be whole numbers separated by commas");
            }
        }
        if (ids.size() > MAX_SERVERS) {
            throw ApiException.invalid("serverIds lists at most " + MAX_SERVERS + " servers");
        }
        return new ArrayList<>(ids);
    }

    static int minutes(String text) {
        return WholeNumberParam.of("minutes", text, 10, MAX_MINUTES);
    }
}

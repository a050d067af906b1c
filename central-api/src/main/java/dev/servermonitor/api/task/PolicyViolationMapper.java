package dev.servermonitor.api.task;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.servermonitor.common.correlation.RequestIds;

/**
 * 403 for a refused command: the usual error fields plus {@code reason}, {@code policyMode} and
 * {@code rule}.
 */
public class PolicyViolationMapper {

    /** The one error shape, extended with what the policy said. */
    public record Body(int status, String error, String message, String requestId, String reason, String policyMode,
            String rule) {
    }

    static final String ERROR = "command violates safety policy";

    @ServerExceptionMapper
    public Response refused(PolicyViolationException e) {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        Body body = new Body(403, ERROR, "The command was not queued: " + e.verdict().reason(),
                requestId == null ? null : requestId.toString(), e.verdict().reason(), e.verdict().policyMode(),
                e.verdict().rule());
        return Response.status(403).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

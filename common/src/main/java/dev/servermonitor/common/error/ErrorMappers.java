package dev.servermonitor.common.error;

import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import dev.servermonitor.common.correlation.RequestIds;
import dev.servermonitor.common.db.DatabaseOutage;
import dev.servermonitor.common.db.DatabaseUnavailableException;

/**
 * Turns every exception that reaches the REST layer into {@link ErrorBody}; never a stack trace.
 */
public class ErrorMappers {

    public static final String DATABASE_UNAVAILABLE = "database_unavailable";
    public static final String DATABASE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now; try again"
            + " in a few seconds";

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final DatabaseOutage outage;

    public ErrorMappers(DatabaseOutage outage) {
        this.outage = outage;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = respond(e.status(), e.error(), e.getMessage());
        if (e instanceof RateLimitedException limited) {
            return Response.fromResponse(response).header("Retry-After", limited.retryAfterSeconds()).build();
        }
        return response;
    }

    /** Malformed JSON, or a field of the wrong type: 400 saying where, never a stack trace. */
    @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class, JsonProcessingException.class})
    public Response badJson(JsonProcessingException e) {
        return respond(400, "malformed_json", JsonProblems.describe(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String phrase = known != null ? known.getReasonPhrase() : "Error";
        // the framework's own messages (404 for an unknown path, 405, 415 ...) are safe to show
        String message = e.getMessage() != null && status < 500 && !e.getMessage().startsWith("HTTP " + status)
                ? e.getMessage()
                : phrase;
        return respond(status, code(phrase), message);
    }

    /** No, expired, tampered or revoked credentials; the reason stays in the server log. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e) {
        LOG.debugf("authentication refused: %s", e.getMessage());
        return respond(401, "unauthorized", "A valid access token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, "forbidden", "Your role does not allow this");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseUnavailableException.in(e)) {
            outage.refused(e);
            return databaseUnavailable();
        }
        LOG.error("Unhandled error", e);
        return respond(500, "internal_error", "An internal error occurred; quote the request id when reporting it");
    }

    /** 503 with {@code Retry-After}: the database cannot be reached or cannot answer now. */
    public static Response databaseUnavailable() {
        return Response.fromResponse(respond(503, DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE))
                .header("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS).build();
    }

    static Response respond(int status, String error, String message) {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        ErrorBody body = new ErrorBody(status, error, message, requestId == null ? null : requestId.toString());
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    static String code(String reasonPhrase) {
        return reasonPhrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}

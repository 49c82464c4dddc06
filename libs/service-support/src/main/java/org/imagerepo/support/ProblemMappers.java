package org.imagerepo.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.imagerepo.support.errors.DomainException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one table from error to HTTP answer for the REST resources of every service. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        return respond(DomainProblems.of(e), DomainProblems.members(e));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return respond(Problem.of(400, "malformed-json", "Bad request",
                "The request body is not valid JSON for this resource: " + e.getOriginalMessage()));
    }

    /**
     * A body of the wrong shape ({@code []} where an object is expected). Without this, Quarkus' own mapper for the
     * more specific exception wins over {@link #unreadableJson} and answers a 400 with no problem.
     */
    @ServerExceptionMapper
    public Response wrongJsonShape(MismatchedInputException e) {
        String detail = JsonShapes.mismatch(e);
        return detail == null ? unreadableJson(e) : respond(Problem.of(400, "malformed-json", "Bad request", detail));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "No such resource. See /q/openapi for the API.";
            case 405 -> "This method is not allowed on this resource.";
            case 415 -> "Unsupported media type: send application/json.";
            default -> e.getMessage();
        };
        return respond(Problem.of(status, "http-" + status, Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(), detail));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        // Never leak a stack trace to the caller; the log has it.
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "internal", "Internal server error",
                "The server failed unexpectedly; the operators can find the cause in its log."));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The problem with extension members after its own. */
    private static Response respond(Problem problem, Map<String, Object> members) {
        if (members.isEmpty()) {
            return respond(problem);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.putAll(members);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}

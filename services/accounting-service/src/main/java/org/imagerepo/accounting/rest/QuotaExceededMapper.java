package org.imagerepo.accounting.rest;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.imagerepo.accounting.service.QuotaExceededException;
import org.imagerepo.support.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quota refusal with its extension members (RFC 9457 §3.2). The more specific mapper wins over
 * service-support's ProblemMappers; it goes once Problem carries extension members itself.
 */
public class QuotaExceededMapper {

    @Inject
    MeterRegistry metrics;

    /** Each refusal answered counts once, as {@code imagerepo_quota_refusals_total} at /q/metrics. */
    @ServerExceptionMapper
    public Response quotaExceeded(QuotaExceededException e) {
        metrics.counter("imagerepo.quota.refusals").increment();
        Problem problem = e.problem();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.putAll(e.members());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}

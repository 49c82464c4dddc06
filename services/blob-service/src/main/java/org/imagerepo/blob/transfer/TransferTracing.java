package org.imagerepo.blob.transfer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.support.transfer.TransferCapability;

import java.util.Map;

/**
 * A transfer that arrives with a capability (ADR 16) continues the trace of the gateway's request that made it:
 * the client following the link sends no trace context, and an upload should read as one trace from the gateway
 * through blob-service and Kafka to the consumers.
 */
@ApplicationScoped
public class TransferTracing {

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @Inject
    Tracer tracer;

    /**
     * A span, child of the gateway's request that made {@code granted}, for {@code operation} (to make current and
     * end); an invalid span when the capability carries no trace.
     */
    public Span continueTrace(TransferCapability granted, String operation) {
        if (granted.traceParent() == null) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(),
                Map.of("traceparent", granted.traceParent()), MAP);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(operation + " by capability").setParent(parent)
                .setSpanKind(SpanKind.INTERNAL).setAttribute("imagerepo.image", granted.imageId()).startSpan();
    }
}

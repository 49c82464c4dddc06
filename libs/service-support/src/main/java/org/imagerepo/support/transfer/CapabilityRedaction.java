package org.imagerepo.support.transfer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps transfer capabilities (ADR 16) out of traces: an HTTP span records its URL's query, and a capability
 * there is a bearer credential. Its value becomes {@code REDACTED} as the span starts, before any exporter sees it.
 */
@ApplicationScoped
public class CapabilityRedaction implements SpanProcessor {

    private static final Pattern CAPABILITY = Pattern.compile(
            "(" + Pattern.quote(TransferCapability.QUERY_PARAMETER) + "=)[^&#\\s]*");
    private static final List<AttributeKey<String>> URL_ATTRIBUTES = List.of(
            AttributeKey.stringKey("url.query"), AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"), AttributeKey.stringKey("http.url"));

    /** {@code text} with every capability's value replaced. */
    public static String redact(String text) {
        return text == null || !text.contains(TransferCapability.QUERY_PARAMETER) ? text
                : CAPABILITY.matcher(text).replaceAll("$1REDACTED");
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : URL_ATTRIBUTES) {
            String value = span.getAttribute(key);
            String redacted = redact(value);
            if (redacted != null && !redacted.equals(value)) {
                span.setAttribute(key, redacted);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

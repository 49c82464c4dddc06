package org.imagerepo.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an unexpected answer into the {@link ImageRepoException} for it: a problem document's {@code detail}
 * becomes its message, and when the answer has none, the best sentence the rest of it allows.
 */
final class ProblemDecoder {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]*)\"");

    private ProblemDecoder() {
    }

    /** The exception for the answer {@code resp} whose body was {@code body}. */
    static ImageRepoException decode(HttpResponse<?> resp, String body) {
        HttpRequest req = resp.request();
        int status = resp.statusCode();
        String contentType = resp.headers().firstValue("Content-Type").orElse("");
        URI type = null;
        String title = null;
        String detail = null;
        JsonNode problem = null;
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith(PROBLEM_JSON) || ct.contains("json") || body.trim().startsWith("{")) {
            try {
                JsonNode node = Json.mapper().readTree(body);
                if (node != null && node.isObject()) {
                    problem = node;
                    type = optText(node, "type").map(ProblemDecoder::safeUri).orElse(null);
                    title = optText(node, "title").orElse(null);
                    detail = optText(node, "detail").or(() -> optText(node, "message")).orElse(null);
                }
            } catch (JsonProcessingException ignored) {
                // not JSON after all: fall through to the text
            }
        }
        if ((detail == null || detail.isBlank()) && status == 401) {
            // A bare 401 may still say why in its challenge: Bearer error="invalid_token", error_description="…"
            detail = resp.headers().firstValue("WWW-Authenticate").map(ProblemDecoder::challengeDescription)
                    .orElse(null);
        }
        if (detail == null || detail.isBlank()) {
            String text = body.strip();
            if (status >= 300 && status < 400) {
                detail = "imagerepo answered " + status + " to " + req.method() + " " + req.uri().getRawPath()
                        + ", a redirect to " + resp.headers().firstValue("Location").orElse("?")
                        + " (not followed, it would carry your token): use the URL of the gateway itself";
            } else if (title != null) {
                detail = title;
            } else if (!text.isEmpty() && text.length() <= 300 && !text.startsWith("<") && !text.startsWith("{")) {
                detail = text;
            } else {
                detail = "imagerepo answered " + status + reason(status) + " to " + req.method() + " "
                        + req.uri().getRawPath();
            }
        }
        if (status == 413 && QuotaExceededException.isQuotaProblem(type)) {
            return new QuotaExceededException(status, type, title, detail, optLong(problem, "quota"),
                    optLong(problem, "usedBytes"), optLong(problem, "reservedBytes"),
                    optLong(problem, "requestedBytes"));
        }
        return ImageRepoException.fromProblem(status, type, title, detail);
    }

    /** The reason phrase of the common statuses, with a leading space ({@code " Not Found"}), or "". */
    static String reason(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 405 -> " Method Not Allowed";
            case 409 -> " Conflict";
            case 413 -> " Content Too Large";
            case 415 -> " Unsupported Media Type";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private static Long optLong(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.canConvertToLong() ? v.asLong() : null;
    }

    private static String challengeDescription(String challenge) {
        Matcher m = ERROR_DESCRIPTION.matcher(challenge);
        return m.find() ? m.group(1) : null;
    }

    private static Optional<String> optText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static URI safeUri(String s) {
        try {
            return URI.create(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

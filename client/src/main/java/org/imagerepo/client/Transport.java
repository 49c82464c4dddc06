package org.imagerepo.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP side of the client: one {@link HttpClient} to the gateway at the base URI, the token of each request,
 * and the failures and refusals turned into {@link ImageRepoException}s (refusals by {@link ProblemDecoder}).
 *
 * <p>Redirects are not followed: they would carry the token elsewhere. Only a {@link Download} follows the
 * gateway's redirect to blob-service, with a {@link #transferRequest} that leaves the token behind.
 */
final class Transport {

    /** For calls that stream every byte before they answer: they are bounded by their own pace. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofDays(1);

    private static final String USER_AGENT = "imagerepo-client/" + version();
    private static final String ACCEPT_JSON = "application/json, application/problem+json";

    private final URI baseUri;
    private final TokenSource tokens;
    private final Duration requestTimeout;
    private final HttpClient http;

    Transport(URI baseUri, TokenSource tokens, Duration connectTimeout, Duration requestTimeout) {
        this.baseUri = baseUri;
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    URI baseUri() {
        return baseUri;
    }

    TokenSource tokens() {
        return tokens;
    }

    // ------------------------------------------------------------------------------------------------ requests

    /**
     * A GET of {@code pathAndQuery} (relative to the base URI) carrying the caller's identity: the one place
     * where the token is attached. It is asked for per request, so a long wait (awaitAvailable) gets fresh ones.
     */
    HttpRequest.Builder request(String pathAndQuery) {
        return authenticate(HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT_JSON)
                .header("User-Agent", USER_AGENT));
    }

    /** A request whose body is {@code body} as JSON. */
    HttpRequest.Builder jsonRequest(String method, String pathAndQuery, Object body) {
        return request(pathAndQuery)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JsonBodies.write(body)));
    }

    /** A request without a body, e.g. a POST that starts something. */
    HttpRequest.Builder emptyRequest(String method, String pathAndQuery) {
        return request(pathAndQuery).method(method, HttpRequest.BodyPublishers.noBody());
    }

    /**
     * A request for a transfer link: the token goes along only to the gateway. Elsewhere (blob-service, ADR 16)
     * the link's signed capability is the credential, and a bearer token must not leave for another host.
     */
    HttpRequest.Builder transferRequest(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", ACCEPT_JSON)
                .header("User-Agent", USER_AGENT);
        return sameOrigin(uri) ? authenticate(b) : b;
    }

    /** Whether {@code uri} is on the gateway (its scheme, host and port): only there does the token go. */
    boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), baseUri.getScheme()) && Objects.equals(uri.getHost(), baseUri.getHost())
                && port(uri) == port(baseUri);
    }

    /** {@code url} as the gateway wrote it (absolute, or a path on the gateway). */
    URI resolve(String url) {
        URI uri = URI.create(url);
        return uri.isAbsolute() ? uri : URI.create(baseUri + (url.startsWith("/") ? url : "/" + url));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private HttpRequest.Builder authenticate(HttpRequest.Builder b) {
        if (tokens != null) {
            String token = tokens.accessToken();
            if (token == null || token.isBlank()) {
                throw new UnauthorizedException(CachedTokenSource.NOT_SIGNED_IN);
            }
            b.header("Authorization", "Bearer " + token.strip());
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------------ calls

    /** Sends {@code request}, expects one of {@code statuses} and reads the answer as a {@code type}. */
    <T> T call(HttpRequest.Builder request, Class<T> type, int... statuses) {
        return JsonBodies.read(expect(send(request.build()), statuses), type);
    }

    /** Sends {@code request} and expects one of {@code statuses}; the answer's body is not read. */
    void call(HttpRequest.Builder request, int... statuses) {
        expect(send(request.build()), statuses);
    }

    /** Sends {@code request}, expects one of {@code statuses} and reads a list answer ({@link JsonBodies#readPage}). */
    <T> Page<T> callForPage(HttpRequest.Builder request, Class<T> rowType, String listName, int... statuses) {
        return JsonBodies.readPage(expect(send(request.build()), statuses), rowType, listName);
    }

    /** {@link #callForPage} without the page: the rows. */
    <T> List<T> callForList(HttpRequest.Builder request, Class<T> rowType, String listName, int... statuses) {
        return callForPage(request, rowType, listName, statuses).items();
    }

    HttpResponse<String> send(HttpRequest req) {
        return send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(req, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw new ImageRepoException(ImageRepoException.Kind.TIMEOUT, "imagerepo at " + baseUri
                    + " did not answer " + req.method() + " " + req.uri().getPath() + " in time", e);
        } catch (IOException e) {
            if (isConnectFailure(e)) {
                throw unreachable(e);
            }
            throw new ImageRepoException(ImageRepoException.Kind.IO, "error talking to imagerepo at " + baseUri
                    + " (" + req.method() + " " + req.uri().getPath() + "): " + Describe.failure(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while talking to imagerepo", e);
        }
    }

    /** {@code resp} if its status is one of {@code statuses}; otherwise the refusal it carries, thrown. */
    <T> HttpResponse<T> expect(HttpResponse<T> resp, int... statuses) {
        for (int s : statuses) {
            if (resp.statusCode() == s) {
                return resp;
            }
        }
        Object body = resp.body();
        throw ProblemDecoder.decode(resp, body instanceof String s ? s : "");
    }

    private ImageRepoException unreachable(Exception e) {
        return new ImageRepoException(ImageRepoException.Kind.UNREACHABLE, "cannot reach imagerepo at " + baseUri
                + ": is the stack running? (bin/stack up)", e);
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String version() {
        String v = Transport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

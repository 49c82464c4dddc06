package org.imagerepo.blob.storage.swift;

import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.connectors.httpclient.HttpClientFactory;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * An authenticated way to Swift: fetches a token (tempauth v1 or Keystone v3), renews it before it expires
 * or when Swift answers 401, binds it to the calling thread for OpenStack4j, and turns the library's
 * failures into typed storage errors.
 */
final class SwiftConnection {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    // Swift's proxy drops a client idle for 60 s (client_timeout); wait as long for it.
    private static final int READ_TIMEOUT_MS = 60_000;
    // One pooled HTTP client serves every store (OpenStack4j keeps it as a singleton): room for many readers.
    private static final int MAX_CONNECTIONS = 128;
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final Duration TEMPAUTH_DEFAULT_LIFE = Duration.ofHours(1);

    static {
        // Expect: 100-continue lets Swift refuse an upload (401, 404, 412) before any byte of the stream is
        // sent, so a refused upload can be repeated with its stream intact. Bytes pass through untouched:
        // no transparent decompression; uploads go in large chunks. Takes effect when OpenStack4j builds its
        // one client, on its first request.
        HttpClientFactory.registerInterceptor((client, request, config) -> {
            request.setExpectContinueEnabled(true);
            client.disableContentCompression();
            client.addInterceptorFirst(LargeChunkEntity.INTERCEPTOR);
        });
    }

    /** Swift or Keystone refused the configured credentials (not just an expired token). */
    static final class CredentialsRejectedException extends StorageUnavailableException {
        CredentialsRejectedException(String message) {
            super(message);
        }
    }

    /** A token with the client configuration that reaches its object store. */
    private record Session(Token token, Config config, Instant renewAt) {
    }

    private final SwiftSettings settings;
    private final SwiftApi api = new SwiftApi();
    private final HttpClient authClient;
    private volatile Session session;

    SwiftConnection(SwiftSettings settings) {
        this.settings = settings;
        this.authClient = settings.authVersion() == 1
                ? HttpClient.newBuilder().connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS)).build()
                : null;
    }

    /**
     * Sends a request without a body, or with one that can be sent again, with a valid token; renews the
     * token once if Swift answers 401. (The HTTP client itself repeats bodiless requests that meet a dead
     * pooled connection.) The caller closes the response.
     */
    HttpResponse call(String what, Function<SwiftApi, HttpResponse> request) {
        return withFreshToken(what, request, () -> true);
    }

    /**
     * Sends an upload whose body is read from a stream, with a valid token. It is sent a second time only
     * while {@code untouched} says nothing of the stream was read yet: after a 401 (the token is renewed),
     * or when the connection failed before the body went out (a pooled connection the server had closed;
     * Expect: 100-continue holds the body back until Swift accepted the request).
     */
    HttpResponse upload(String what, Function<SwiftApi, HttpResponse> request, BooleanSupplier untouched) {
        try {
            return withFreshToken(what, request, untouched);
        } catch (StorageUnavailableException e) {
            if (e instanceof CredentialsRejectedException || !untouched.getAsBoolean()) {
                throw e;
            }
            return withFreshToken(what, request, untouched);
        }
    }

    private HttpResponse withFreshToken(String what, Function<SwiftApi, HttpResponse> request,
                                        BooleanSupplier repeatable) {
        Session used = bind();
        HttpResponse response = send(what, request);
        if (response.getStatus() != 401) {
            return response;
        }
        close(response);
        invalidate(used);
        if (!repeatable.getAsBoolean()) {
            throw new StorageUnavailableException("Swift rejected the token during " + what
                    + " after the upload had begun; a new token is fetched for the next request");
        }
        bind();
        response = send(what, request);
        if (response.getStatus() == 401) {
            close(response);
            throw new CredentialsRejectedException("Swift rejects even a fresh token of " + settings.user()
                    + " for " + what + ": check the account's access rights");
        }
        return response;
    }

    /** Authenticates now if there is no valid token (startup and readiness checks). */
    void authenticate() {
        current();
    }

    /**
     * The typed form of whatever OpenStack4j or the HTTP client threw: a storage error raised inside the
     * request (e.g. by the upload stream) comes out as it was; I/O failures mean Swift cannot be reached.
     */
    StorageException failure(String what, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageException typed) {
                return typed;
            }
        }
        // OpenStack4j wraps whatever the connector throws in a ConnectionException: only I/O failures in it
        // mean Swift cannot be reached.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new StorageUnavailableException("Swift at " + where() + " cannot be reached during " + what
                        + ": " + rootMessage(e), e);
            }
        }
        return new StorageException("Swift client failure during " + what + ": " + rootMessage(e), e);
    }

    /** The typed error for an unexpected status (404 and the like are handled by the callers). */
    StorageException failure(String what, HttpResponse response) {
        int status = response.getStatus();
        String message = "Swift answered " + status + " " + response.getStatusMessage() + " to " + what
                + explanation(response);
        close(response);
        if (status >= 500 || status == 429 || status == 408 || status == 499) {
            return new StorageUnavailableException(message);
        }
        return new StorageException(message);
    }

    /** The start of an error body (Swift says there why it refused, e.g. a manifest), if any. */
    private static String explanation(HttpResponse response) {
        try (InputStream in = response.getInputStream()) {
            if (in == null) {
                return "";
            }
            String text = new String(in.readNBytes(300), StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ").strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static void close(HttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is dropped either way
        }
    }

    /** Host and port of the authentication URL, for messages (never credentials). */
    String where() {
        return settings.authUrl().getHost() + (settings.authUrl().getPort() < 0 ? "" : ":" + settings.authUrl().getPort());
    }

    private HttpResponse send(String what, Function<SwiftApi, HttpResponse> request) {
        try {
            return request.apply(api);
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    /** Binds a session with a valid token to this thread, where OpenStack4j looks for it. */
    private Session bind() {
        Session s = current();
        OSFactory.clientFromToken(s.token(), s.config());
        return s;
    }

    private Session current() {
        Session s = session;
        if (s != null && Instant.now().isBefore(s.renewAt())) {
            return s;
        }
        synchronized (this) {
            s = session;
            if (s == null || !Instant.now().isBefore(s.renewAt())) {
                s = settings.authVersion() == 1 ? tempauth() : keystoneV3();
                session = s;
            }
            return s;
        }
    }

    private synchronized void invalidate(Session rejected) {
        if (session == rejected) {
            session = null;
        }
    }

    /** Swift's v1 auth: a GET with the user and key, answered with a token and the account's storage URL. */
    private Session tempauth() {
        HttpRequest request = HttpRequest.newBuilder(settings.authUrl())
                .timeout(Duration.ofMillis(READ_TIMEOUT_MS))
                .header("X-Auth-User", settings.user())
                .header("X-Auth-Key", settings.key())
                .GET().build();
        java.net.http.HttpResponse<Void> response;
        try {
            response = authClient.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new StorageUnavailableException("Swift's tempauth at " + settings.authUrl()
                    + " cannot be reached: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while authenticating with Swift", e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new CredentialsRejectedException("Swift's tempauth at " + settings.authUrl() + " rejected "
                    + SwiftSettings.USER + "=" + settings.user() + " with the " + SwiftSettings.KEY + " given");
        }
        String token = response.headers().firstValue("X-Auth-Token").orElse(null);
        String storageUrl = response.headers().firstValue("X-Storage-Url").orElse(null);
        if (status / 100 != 2 || token == null || storageUrl == null) {
            throw new StorageUnavailableException("Swift's tempauth at " + settings.authUrl() + " answered "
                    + status + " without a token and storage URL: is " + SwiftSettings.AUTH_URL
                    + " a tempauth (v1) URL?");
        }
        Instant expires = Instant.now().plusSeconds(response.headers().firstValue("X-Auth-Token-Expires")
                .map(Long::parseLong).orElse(TEMPAUTH_DEFAULT_LIFE.toSeconds()));
        KeystoneToken carrier = new KeystoneToken();
        carrier.setId(token);
        carrier.setEndpoint(settings.authUrl().toString());
        // OpenStack4j asks a resolver for the object store's URL: tempauth has no catalog, it said it.
        return new Session(carrier, baseConfig().withEndpointURLResolver(new FixedUrl(storageUrl)), renewAt(expires));
    }

    private Session keystoneV3() {
        Identifier domain = Identifier.byName(settings.domain());
        Config config = baseConfig();
        OSClientV3 client;
        try {
            client = OSFactory.builderV3()
                    .endpoint(settings.authUrl().toString())
                    .credentials(settings.user(), settings.key(), domain)
                    .scopeToProject(Identifier.byName(settings.project()), domain)
                    .withConfig(config)
                    .authenticate();
        } catch (AuthenticationException e) {
            throw new CredentialsRejectedException("Keystone at " + settings.authUrl() + " rejected "
                    + SwiftSettings.USER + "=" + settings.user() + " (" + SwiftSettings.KEY + ", "
                    + SwiftSettings.PROJECT + "=" + settings.project() + ", " + SwiftSettings.DOMAIN + "="
                    + settings.domain() + "): " + e.getMessage());
        } catch (ResponseException e) {
            throw new StorageUnavailableException("Keystone at " + settings.authUrl() + " cannot authenticate now: "
                    + rootMessage(e), e);
        }
        Token token = client.getToken();
        boolean hasObjectStore = token.getCatalog() != null && token.getCatalog().stream()
                .anyMatch(s -> ServiceType.OBJECT_STORAGE.getType().equals(s.getType()));
        if (!hasObjectStore) {
            throw new CredentialsRejectedException("the Keystone catalog of project " + settings.project()
                    + " has no object-store (Swift) endpoint: check " + SwiftSettings.PROJECT);
        }
        Date expires = token.getExpires();
        return new Session(token, config, renewAt(expires == null ? Instant.now().plus(TEMPAUTH_DEFAULT_LIFE)
                : expires.toInstant()));
    }

    private static Instant renewAt(Instant expires) {
        Duration life = Duration.between(Instant.now(), expires);
        Duration margin = life.dividedBy(2).compareTo(RENEW_BEFORE_EXPIRY) < 0 ? life.dividedBy(2) : RENEW_BEFORE_EXPIRY;
        return expires.minus(margin);
    }

    /** Connection settings shared by every session: OpenStack4j builds its one HTTP client from the first. */
    private static Config baseConfig() {
        return Config.newConfig()
                .withConnectionTimeout(CONNECT_TIMEOUT_MS)
                .withReadTimeout(READ_TIMEOUT_MS)
                .withMaxConnections(MAX_CONNECTIONS)
                .withMaxConnectionsPerRoute(MAX_CONNECTIONS);
    }

    /** The most telling message of a failure and its causes. */
    private static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage(); // the deepest one says most
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The storage URL tempauth handed out, for every service type OpenStack4j asks about. */
    private record FixedUrl(String url) implements EndpointURLResolver {
        @Override
        public String findURLV2(URLResolverParams params) {
            return url;
        }

        @Override
        public String findURLV3(URLResolverParams params) {
            return url;
        }
    }
}

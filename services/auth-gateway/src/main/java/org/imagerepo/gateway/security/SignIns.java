package org.imagerepo.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.gateway.routing.GatewayConfig;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the repository's records say of a signed-in user (role, status), from accounting-service, which
 * registers a user at first sign-in (ADR 9). Kept for {@code imagerepo.gateway.user-cache-ttl}, so that a
 * burst of requests costs one call and a deactivation bites within that time. Blocking: worker threads only.
 */
@ApplicationScoped
public class SignIns {

    private static final Logger LOG = Logger.getLogger(SignIns.class);
    private static final int MAX_CACHED = 100_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    AssertionSigner signer;

    /** The repository's view of a user. */
    public record UserRecord(String username, Role role, UserStatus status) {
    }

    private record Cached(UserRecord user, Role tokenRole, long until) {
    }

    public UserRecord signIn(BearerTokens.TokenIdentity token) {
        long now = System.nanoTime();
        Cached cached = cache.get(token.username());
        if (cached != null && cached.tokenRole == token.role() && now - cached.until < 0) {
            return cached.user;
        }
        UserRecord user = ask(token);
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // crude, but bounded: a cache miss only costs one call
        }
        cache.put(token.username(), new Cached(user, token.role(), now + config.userCacheTtl().toNanos()));
        return user;
    }

    private UserRecord ask(BearerTokens.TokenIdentity token) {
        String assertion = signer.signIn(token);
        HttpRequest request = HttpRequest.newBuilder(config.accountingUrl().resolve("/internal/v1/sign-ins"))
                .header(IdentityAssertion.HEADER, assertion)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warnf("accounting-service unreachable at sign-in of %s: %s", token.username(), e.getMessage());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
        try {
            if (response.statusCode() == 200) {
                JsonNode user = json.readTree(response.body());
                return new UserRecord(user.path("username").asText(token.username()),
                        Role.parseWire(user.path("role").asText()), UserStatus.parseWire(user.path("status").asText()));
            }
            if (response.statusCode() >= 400 && response.statusCode() < 500) {
                throw new ProblemException(json.readValue(response.body(), Problem.class));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("accounting-service answered the sign-in of %s with something unreadable: %s", token.username(), e.getMessage());
        }
        throw unavailable();
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("service-unavailable",
                "The accounting-service cannot be reached right now, so your account cannot be checked; try again shortly.");
    }
}

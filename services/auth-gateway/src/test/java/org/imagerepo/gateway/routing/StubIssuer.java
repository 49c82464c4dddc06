package org.imagerepo.gateway.routing;

import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OpenID provider reduced to what the gateway reads of one (discovery and keys), with tokens minted
 * here, so that every way a token can be wrong — expired, forged, for another audience or issuer — can
 * be made at will. The real Keycloak is exercised end to end (tests/e2e).
 */
final class StubIssuer {

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final RsaJsonWebKey otherKey;
    final String issuer;

    StubIssuer() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("realm-key");
            otherKey = RsaJwkGenerator.generateJwk(2048);
            otherKey.setKeyId("realm-key");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JoseException | IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\",\"token_endpoint\":\""
                + issuer + "/token\",\"device_authorization_endpoint\":\"" + issuer + "/device\"}";
        serve("/realms/test/.well-known/openid-configuration", discovery);
        serve("/realms/test/certs", new JsonWebKeySet(key).toJson());
        server.start();
    }

    private void serve(String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** A valid access token for {@code user}, in {@code groups}, with realm role admin if {@code admin}. */
    String token(String user, boolean admin, String... groups) {
        return token(claims -> {
            claims.setClaim("preferred_username", user);
            claims.setStringListClaim("groups", List.of(groups));
            claims.setClaim("realm_access", Map.of("roles", admin ? List.of("user", "admin") : List.of("user")));
        });
    }

    /** A valid token for alice, changed by {@code change} (to make it wrong). */
    String token(Consumer<JwtClaims> change) {
        return sign(claims(change), key);
    }

    /** Alice's token signed by a key the realm does not have (same key id). */
    String forged() {
        return sign(claims(c -> { }), otherKey);
    }

    private JwtClaims claims(Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience("imagerepo-gateway", "account");
        claims.setSubject("0f6d7e1c-alice");
        claims.setClaim("preferred_username", "alice");
        claims.setStringListClaim("groups", List.of("hadoop-lab"));
        claims.setClaim("realm_access", Map.of("roles", List.of("user")));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        change.accept(claims);
        return claims;
    }

    static void expired(JwtClaims claims) {
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 600));
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey with) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(with.getPrivateKey());
        jws.setKeyIdHeaderValue(with.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        server.stop(0);
    }
}

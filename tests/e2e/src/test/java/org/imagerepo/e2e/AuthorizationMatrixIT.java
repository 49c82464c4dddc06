package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.e2e.Stack.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what, against the real Keycloak federating the real LDAP directory (bin/test's), through a
 * stack started with {@code bin/stack up}: every identity × every operation, each cell its expected status.
 *
 * <p>Tokens are the realm's own (password and client-credentials grants), except the forged one (the
 * realm's claims signed by another key) and the expired one (from a client made here with one-second tokens).
 * The subject of each cell is a fresh private image of alice's, shared with the LDAP group
 * {@code hadoop-lab} (bob is a member, carol is not) and with the user gina.
 */
class AuthorizationMatrixIT {

    // Transfers are redirected to blob-service with a signed link (ADR 16): followed as curl -L does.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The images this class made, removed at the end (the e2e stack's data outlives the stack). */
    private static final List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The operations of the matrix, in its column order. */
    private enum Op { SHOW, QUERY, DOWNLOAD, MODIFY, REMOVE, PERMISSION, SHARE, USER_ADMIN }

    @BeforeAll
    static void up() {
        Stack.stack("down");
        Stack.Result up = Stack.stack("up").ok();
        System.out.printf("[e2e] bin/stack up (security) took %d s%n", up.took().toSeconds());
        // The admin sets up the two inactive accounts through the CLI (after any a killed run left behind).
        cli("ada", "user", "remove", "erin");
        cli("ada", "user", "remove", "frank");
        cli("ada", "user", "add", "erin", "--status", "pending").ok();
        cli("ada", "user", "add", "frank", "--status", "deactivated").ok();
    }

    @AfterAll
    static void down() throws Exception {
        String admin = passwordToken("imagerepo-cli", "ada");
        for (String id : CREATED) {
            send(request("/api/v1/images/" + id, admin).DELETE());
        }
        // The stack's data outlives it (tests/e2e/target/stack): the next stacks meet erin and frank active again.
        cli("ada", "user", "remove", "erin").ok();
        cli("ada", "user", "remove", "frank").ok();
        Stack.stack("down").ok();
    }

    @Test
    void everyIdentityGetsExactlyWhatItMayDoOnEveryOperation() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : List.of("alice", "dave", "bob", "carol", "gina", "ada", "erin", "frank")) {
            tokens.put(user, passwordToken("imagerepo-cli", user));
        }
        String expired = expiredToken();
        String forged = forge(tokens.get("alice"));

        // identity -> {show, query (rows seen), download, modify, remove, permission, share, user admin}
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("owner (alice)", new int[]{200, 1, 200, 200, 204, 200, 200, 403});
        expected.put("other user (dave)", new int[]{404, 0, 404, 404, 404, 404, 404, 403});
        expected.put("member of the shared group (bob)", new int[]{200, 1, 200, 403, 403, 403, 403, 403});
        expected.put("non-member (carol)", new int[]{404, 0, 404, 404, 404, 404, 404, 403});
        expected.put("user it is shared with (gina)", new int[]{200, 1, 200, 403, 403, 403, 403, 403});
        expected.put("admin (ada)", new int[]{200, 1, 200, 200, 204, 200, 200, 200});
        expected.put("pending user (erin)", new int[]{403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("deactivated user (frank)", new int[]{403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("anonymous", new int[]{401, 401, 401, 401, 401, 401, 401, 401});
        expected.put("expired token", new int[]{401, 401, 401, 401, 401, 401, 401, 401});
        expected.put("forged token", new int[]{401, 401, 401, 401, 401, 401, 401, 401});
        expected.put("wrong-audience token", new int[]{401, 401, 401, 401, 401, 401, 401, 401});
        Map<String, String> bearer = new LinkedHashMap<>();
        bearer.put("owner (alice)", tokens.get("alice"));
        bearer.put("other user (dave)", tokens.get("dave"));
        bearer.put("member of the shared group (bob)", tokens.get("bob"));
        bearer.put("non-member (carol)", tokens.get("carol"));
        bearer.put("user it is shared with (gina)", tokens.get("gina"));
        bearer.put("admin (ada)", tokens.get("ada"));
        bearer.put("pending user (erin)", tokens.get("erin"));
        bearer.put("deactivated user (frank)", tokens.get("frank"));
        bearer.put("anonymous", null);
        bearer.put("expired token", expired);
        bearer.put("forged token", forged);
        // A real token of the realm, but from a client whose tokens are not meant for the repository.
        bearer.put("wrong-audience token", passwordToken("admin-cli", "alice"));

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, int[]> row : expected.entrySet()) {
            for (Op op : Op.values()) {
                String image = sharedImage(tokens.get("alice"));
                int got = perform(op, bearer.get(row.getKey()), image);
                int want = row.getValue()[op.ordinal()];
                System.out.printf("[e2e] matrix %-34s %-10s expected %3d got %3d%n", row.getKey(), op, want, got);
                if (got != want) {
                    wrong.add(row.getKey() + " × " + op + ": expected " + want + ", got " + got);
                }
            }
        }
        assertEquals(List.of(), wrong, "cells that differ from the matrix");
    }

    @Test
    void refusalsSayWhyInProblemJsonWithoutRevealingPrivateImages() throws Exception {
        String alice = passwordToken("imagerepo-cli", "alice");
        String image = sharedImage(alice);
        HttpResponse<String> missing = send(request("/api/v1/images/" + UUID.randomUUID(), passwordToken("imagerepo-cli", "dave")).GET());
        HttpResponse<String> hidden = send(request("/api/v1/images/" + image, passwordToken("imagerepo-cli", "dave")).GET());
        assertEquals(404, hidden.statusCode());
        assertEquals(JSON.readTree(missing.body()).get("title"), JSON.readTree(hidden.body()).get("title"));
        assertTrue(!hidden.body().contains("alice") && !hidden.body().contains("private"), hidden.body());

        HttpResponse<String> pending = send(request("/api/v1/images", passwordToken("imagerepo-cli", "erin")).GET());
        assertEquals("application/problem+json", pending.headers().firstValue("Content-Type").orElse(""));
        assertTrue(JSON.readTree(pending.body()).get("detail").asText().contains("pending"), pending.body());
        Stack.Result whoami = cli("erin", "whoami", "-o", "json").ok();
        assertEquals("pending", TestFiles.json(whoami.out()).get("status").asText());
        Stack.Result refused = cli("erin", "list");
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("pending"), refused.err());

        HttpResponse<String> expired = send(request("/api/v1/images", expiredToken()).GET());
        assertTrue(JSON.readTree(expired.body()).get("detail").asText().contains("expired"), expired.body());
        HttpResponse<String> forged = send(request("/api/v1/images", forge(alice)).GET());
        assertTrue(JSON.readTree(forged.body()).get("detail").asText().contains("signature"), forged.body());
        HttpResponse<String> elsewhere = send(request("/api/v1/images", passwordToken("admin-cli", "alice")).GET());
        assertTrue(JSON.readTree(elsewhere.body()).get("detail").asText().contains("imagerepo-gateway"), elsewhere.body());
    }

    @Test
    void callsAroundTheGatewayAreRefusedWhateverTheyCarry() throws Exception {
        String token = passwordToken("imagerepo-cli", "ada");
        String image = sharedImage(passwordToken("imagerepo-cli", "alice"));
        Map<String, String> services = Map.of(
                "catalog-service", "http://127.0.0.1:18081/api/v1/images/" + image,
                "blob-service", "http://127.0.0.1:18082/api/v1/images/" + image + "/file",
                "accounting-service", "http://127.0.0.1:18083/api/v1/users");
        for (Map.Entry<String, String> service : services.entrySet()) {
            URI uri = URI.create(service.getValue());
            List<HttpRequest> attempts = List.of(
                    HttpRequest.newBuilder(uri).GET().build(),
                    HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(),
                    HttpRequest.newBuilder(uri).header("X-Imagerepo-Identity", token).GET().build());
            for (HttpRequest attempt : attempts) {
                HttpResponse<String> response = HTTP.send(attempt, HttpResponse.BodyHandlers.ofString());
                assertEquals(401, response.statusCode(), service.getKey() + " " + attempt.headers().map() + ": " + response.body());
                assertTrue(response.body().contains("gateway"), response.body());
            }
        }
        // The same token through the gateway is fine.
        assertEquals(200, send(request("/api/v1/images/" + image, token).GET()).statusCode());
    }

    @Test
    void theRainServiceSignsInWithItsServiceAccount() throws Exception {
        String rain = clientCredentialsToken("imagerepo-rain", "rain-demo-secret");
        HttpResponse<String> me = send(request("/api/v1/users/me", rain).GET());
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("service-account-imagerepo-rain", JSON.readTree(me.body()).get("username").asText());
        assertEquals(200, send(request("/api/v1/images", rain).GET()).statusCode());
    }

    @Test
    void theCliSignsInWithTheDeviceFlowThroughKeycloaksOwnPages() throws Exception {
        java.nio.file.Path config = Stack.USERS.resolve("device-bob");
        Process login = Stack.startCliProcess(config, "login", "--device");
        String page = null;
        try (java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(login.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; page == null && (line = err.readLine()) != null; ) {
                if (line.strip().startsWith("http")) {
                    page = line.strip();
                }
            }
            assertTrue(page != null && page.contains("user_code="), "the CLI shows where to sign in: " + page);
            // A person's browser: the realm's login page with bob's LDAP password, then the consent page.
            HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new LoopbackCookies()).followRedirects(HttpClient.Redirect.ALWAYS).build();
            String loginPage = browser.send(HttpRequest.newBuilder(URI.create(page)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String consentPage = submit(browser, page, loginPage, "kc-form-login",
                    "username=bob&password=" + Stack.password("bob") + "&credentialId=");
            String code = match(consentPage, "name=\"code\" value=\"([^\"]+)\"");
            String done = submit(browser, page, consentPage, null, "code=" + code + "&accept=Yes");
            assertTrue(done.contains("Device Login Successful"), "Keycloak's last page: " + done);
            assertTrue(login.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "login --device ends once signed in");
            StringBuilder rest = new StringBuilder();
            for (String line; (line = err.readLine()) != null; ) {
                rest.append(line).append('\n');
            }
            assertEquals(0, login.exitValue(), rest.toString());
            assertTrue(rest.toString().contains("Signed in as bob"), rest.toString());
        } finally {
            login.destroyForcibly();
        }
        Process whoami = Stack.startCliProcess(config, "whoami", "-o", "json");
        String out = new String(whoami.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, whoami.waitFor());
        assertEquals("bob", json(out).get("username").asText());
    }

    /**
     * A browser's cookie jar for one loopback host. Keycloak marks its cookies Secure, which a browser still
     * sends to http://127.0.0.1 (a secure context) but the JDK's CookieManager does not.
     */
    private static final class LoopbackCookies extends java.net.CookieHandler {
        private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ",
                    cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    for (String value : values) {
                        String pair = value.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                        }
                    }
                }
            });
        }
    }

    /** Posts the form of {@code page} (the one with id {@code formId}, or the first) as a browser would. */
    private static String submit(HttpClient browser, String base, String page, String formId, String fields) throws Exception {
        String form = match(page, formId == null ? "(<form[^>]*>)" : "(<form[^>]*id=\"" + formId + "\"[^>]*>)");
        String action = match(form, "action=\"([^\"]+)\"").replace("&amp;", "&");
        return browser.send(HttpRequest.newBuilder(URI.create(base).resolve(action))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(fields)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String match(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in " + text);
        return m.group(1);
    }

    /** One matrix cell: the status of {@code op} on {@code image} with {@code token} (null: none); QUERY counts rows. */
    private static int perform(Op op, String token, String image) throws Exception {
        HttpResponse<String> response = switch (op) {
            case SHOW -> send(request("/api/v1/images/" + image, token).GET());
            case QUERY -> send(request("/api/v1/images?q=" + URLEncoder.encode("* where imgId=^" + image + "$",
                    StandardCharsets.UTF_8), token).GET());
            case DOWNLOAD -> send(request("/api/v1/images/" + image + "/file", token).GET());
            case MODIFY -> send(request("/api/v1/images/" + image, token).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\":\"changed\"}")));
            case REMOVE -> send(request("/api/v1/images/" + image, token).DELETE());
            case PERMISSION -> send(request("/api/v1/images/" + image, token).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"permission\":\"public\"}")));
            case SHARE -> send(request("/api/v1/images/" + image + "/shares/users/dave", token)
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            case USER_ADMIN -> send(request("/api/v1/users", token).GET());
        };
        if (op == Op.QUERY && response.statusCode() == 200) {
            return JSON.readTree(response.body()).get("count").asInt();
        }
        return response.statusCode();
    }

    /** A fresh private image of alice's with bytes, shared with the group hadoop-lab and the user gina. */
    private static String sharedImage(String alice) throws Exception {
        HttpResponse<String> registered = send(request("/api/v1/images", alice).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"matrix\",\"os\":\"matrix-os\"}")));
        assertEquals(201, registered.statusCode(), registered.body());
        String id = JSON.readTree(registered.body()).get("imgId").asText();
        CREATED.add(id);
        HttpResponse<String> uploaded = send(request("/api/v1/images/" + id + "/file", alice)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])));
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertEquals(200, send(request("/api/v1/images/" + id + "/shares/groups/hadoop-lab", alice)
                .PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(200, send(request("/api/v1/images/" + id + "/shares/users/gina", alice)
                .PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(
                JSON.readTree(send(request("/api/v1/images/" + id, alice).GET()).body()).path("imgStatus").asText()));
        return id;
    }

    private static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(Stack.GATEWAY + path)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A real Keycloak token: the resource-owner password grant against the LDAP-federated realm. */
    private static String passwordToken(String client, String user) throws Exception {
        return Tokens.password(client, user);
    }

    private static String clientCredentialsToken(String client, String secret) throws Exception {
        return Tokens.clientCredentials(client, secret);
    }

    /**
     * A real token that has expired: from a client made for this test whose tokens live one second (the
     * e2e gateway allows no clock skew), taken once it is past.
     */
    private static String expiredToken() throws Exception {
        String admin = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(Stack.KEYCLOAK_URL
                                + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin-demo"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
        String client = "{\"clientId\":\"e2e-short-lived\",\"publicClient\":true,\"directAccessGrantsEnabled\":true,"
                + "\"attributes\":{\"access.token.lifespan\":\"1\"},\"protocolMappers\":[{\"name\":\"audience\","
                + "\"protocol\":\"openid-connect\",\"protocolMapper\":\"oidc-audience-mapper\",\"config\":{"
                + "\"included.client.audience\":\"imagerepo-gateway\",\"access.token.claim\":\"true\"}}]}";
        HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.KEYCLOAK_URL + "/admin/realms/imagerepo/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(made.statusCode() == 201 || made.statusCode() == 409, "short-lived client: " + made.statusCode() + " " + made.body());
        String token = passwordToken("e2e-short-lived", "alice");
        long exp = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("exp").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() / 1000 > exp);
        return token;
    }

    /** {@code token}'s header and claims, signed by a key of our own instead of the realm's. */
    private static String forge(String token) throws Exception {
        String[] parts = token.split("\\.");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(generator.generateKeyPair().getPrivate());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}

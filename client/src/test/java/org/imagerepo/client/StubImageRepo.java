package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A small in-JVM stand-in for the imagerepo REST API (the gateway's {@code /api/v1/images} and {@code /api/v1/users}
 * resources) and for the Keycloak realm behind it, enough to exercise the client: an in-memory catalog, in-memory
 * bytes, a toy query language, problem+json errors, and switches that make it misbehave (wrong checksums, corrupted
 * downloads, failing uploads, refused refreshes).
 *
 * <p>Like the gateway, it wants {@code Authorization: Bearer <token>} on every call but {@code GET /api/v1/auth},
 * refuses pending and deactivated users everything but {@code GET /api/v1/users/me}, and leaves admin-only routes
 * to admins. Like Keycloak, it serves a token endpoint (password, device-code and refresh grants, form-encoded), a
 * device authorization endpoint, a discovery document and a revocation endpoint under {@link #REALM}. Its tokens
 * look like JWTs (unsigned) so that the client can read {@code preferred_username}.
 */
public final class StubImageRepo implements AutoCloseable {

    public record Recorded(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static final Set<String> MUTABLE = Set.of("name", "os", "description", "tag", "vmType", "imgType",
            "permission", "imgStatus", "arch", "diskFormat");

    /** Where the stub's "Keycloak" lives, below {@link #url()}. */
    public static final String REALM = "/realms/imagerepo";
    public static final String TOKEN_PATH = REALM + "/protocol/openid-connect/token";
    public static final String DEVICE_PATH = REALM + "/protocol/openid-connect/auth/device";
    public static final String REVOKE_PATH = REALM + "/protocol/openid-connect/revoke";
    public static final String CLIENT_ID = "imagerepo-cli";
    public static final String USER_CODE = "WDJB-MJHT";
    public static final long GIB = 1024L * 1024 * 1024;

    /** What the stub's token endpoint issued. */
    public record Issued(String accessToken, String refreshToken) {
    }

    private record Session(String username, Instant expiresAt) {
    }

    /** The user name behind a token the stub issued, or {@code null}. */
    public String userOf(String accessToken) {
        Session s = accessTokens.get(accessToken);
        return s == null ? null : s.username();
    }

    static {
        // Without TCP_NODELAY each answer waits ~40 ms for the client's delayed ACK (Nagle): read once, at first use.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-imagerepo");
        t.setDaemon(true);
        return t;
    });
    public final Map<String, ObjectNode> images = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    public final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger fileBytesReceived = new AtomicInteger();

    /** The upload answer claims a different sha256 than the bytes received. */
    public volatile boolean wrongUploadChecksum;
    /** Downloads serve one flipped byte (headers still announce the right checksum). */
    public volatile boolean corruptDownloads;
    /** Uploads end with the image in status failed. */
    public volatile boolean failUploads;
    /** How many GETs of an uploaded image still show it pending before it turns available. */
    public volatile int pendingPolls = 1;
    private final Map<String, AtomicInteger> pollsLeft = new ConcurrentHashMap<>();

    /** The users the repository knows: alice (admin), bob (user), carol (pending), dave (deactivated). */
    public final Map<String, ObjectNode> users = Collections.synchronizedMap(new LinkedHashMap<>());
    /** The passwords the stub's Keycloak accepts. */
    public final Map<String, String> passwords = new ConcurrentHashMap<>(Map.of("alice", "alice-secret",
            "bob", "bob-secret", "carol", "carol-secret", "dave", "dave-secret"));
    private final Map<String, Session> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    /** The lifetimes of the tokens issued (seconds), as Keycloak's {@code expires_in}, {@code refresh_expires_in}. */
    public volatile long accessTokenSeconds = 300;
    public volatile long refreshTokenSeconds = 1800;
    /** The refresh grant is refused (invalid_grant), as when the session ended at Keycloak. */
    public volatile boolean refuseRefresh;
    /** The errors the device-code polls get, in order, before the sign-in is confirmed as {@link #deviceUser}. */
    public final java.util.Deque<String> deviceAnswers = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Who confirms the device sign-in in the "browser". */
    public volatile String deviceUser = "alice";
    /** The device authorization's {@code interval} (seconds). */
    public volatile long deviceInterval = 1;
    /** The refresh tokens revoked through the revocation endpoint. */
    public final List<String> revoked = Collections.synchronizedList(new ArrayList<>());

    /** An answer the stub gives as is, standing in for a service it does not imitate (accounting, triggers). */
    public record Canned(int status, String contentType, String body) {
    }

    /** Canned answers by {@code "METHOD /path"} (the path without its query), for signed-in activated users. */
    public final Map<String, Canned> canned = new ConcurrentHashMap<>();

    /** Answers {@code method path} with {@code status} and the JSON {@code body} (problem+json for errors). */
    public void answer(String method, String path, int status, String body) {
        canned.put(method + " " + path, new Canned(status, status >= 400 ? "application/problem+json"
                : "application/json", body));
    }

    /**
     * When set, uploads are refused with this problem document (413 quota-exceeded, as blob-service does when the
     * reservation is refused), before a byte of the body is read.
     */
    public volatile String uploadRefusal;
    /** With {@link #uploadRefusal}: the refusal's headers go out, then the connection closes without its body. */
    public volatile boolean uploadRefusalCutOff;

    public StubImageRepo() throws IOException {
        addUser("alice", "admin", "activated", 8 * GIB);
        addUser("bob", "user", "activated", 8 * GIB);
        addUser("carol", "user", "pending", 8 * GIB);
        addUser("dave", "user", "deactivated", 8 * GIB);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Issues tokens for {@code username} as the token endpoint would (for tests that need no sign-in). */
    public Issued issue(String username) {
        int n = tokenCounter.incrementAndGet();
        Instant now = Instant.now();
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", url() + REALM);
        claims.put("preferred_username", username);
        claims.put("exp", now.plusSeconds(accessTokenSeconds).getEpochSecond());
        claims.put("jti", "t" + n);
        String access = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".sig" + n;
        String refresh = "refresh-" + username + "-" + n;
        accessTokens.put(access, new Session(username, now.plusSeconds(accessTokenSeconds)));
        refreshTokens.put(refresh, username);
        return new Issued(access, refresh);
    }

    /** Makes every access token issued so far expired (the gateway then answers 401). */
    public void expireAccessTokens() {
        accessTokens.replaceAll((t, s) -> new Session(s.username(), Instant.EPOCH));
    }

    /** The requests to {@code path}. */
    public List<Recorded> requestsTo(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    /** The token requests of grant type {@code grantType} (the form's {@code grant_type}). */
    public List<Map<String, String>> tokenRequests(String grantType) {
        return requestsTo(TOKEN_PATH).stream().map(r -> form(r.body()))
                .filter(f -> grantType.equals(f.get("grant_type"))).toList();
    }

    public ObjectNode addUser(String username, String role, String status, long quota) {
        ObjectNode u = json.createObjectNode();
        u.put("username", username);
        u.put("role", role);
        u.put("status", status);
        u.put("quota", quota);
        u.put("usedBytes", 0);
        u.put("imageCount", 0);
        u.put("createdAt", "2026-11-30T09:00:00Z");
        u.putNull("lastSignIn");
        users.put(username, u);
        return u;
    }

    public Recorded last(String method) {
        synchronized (requests) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (requests.get(i).method().equals(method)) {
                    return requests.get(i);
                }
            }
        }
        return null;
    }

    /** Puts an image straight into the catalog (and its bytes, when given), as available. */
    public ObjectNode seed(String name, String os, List<String> tags, byte[] bytes) {
        String id = UUID.randomUUID().toString();
        ObjectNode img = newImage(id, "alice");
        img.put("name", name);
        img.put("os", os);
        ArrayNode t = img.putArray("tag");
        tags.forEach(t::add);
        if (bytes != null) {
            blobs.put(id, bytes);
            img.put("size", bytes.length);
            img.put("sha256", hex("SHA-256", bytes));
            img.put("md5", hex("MD5", bytes));
            img.put("imgURI", "fs://images/" + id);
            img.putArray("locations").add("fs://images/" + id);
            img.put("imgStatus", "available");
        }
        images.put(id, img);
        return img;
    }

    private ObjectNode newImage(String id, String owner) {
        ObjectNode img = json.createObjectNode();
        img.put("imgId", id);
        img.put("name", id);
        img.put("owner", owner);
        img.putNull("os");
        img.putNull("description");
        img.putArray("tag");
        img.put("vmType", "none");
        img.put("imgType", "machine");
        img.put("permission", "private");
        img.put("imgStatus", "pending");
        img.putNull("imgURI");
        img.put("createdDate", Instant.parse("2024-05-01T10:15:30Z").toString());
        img.putNull("lastAccess");
        img.put("accessCount", 0);
        img.putNull("size");
        img.putNull("sha256");
        img.putNull("md5");
        img.putNull("arch");
        img.putNull("diskFormat");
        img.putArray("locations");
        img.putArray("sharedUsers");
        img.putArray("sharedGroups");
        return img;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    /** The stores the stub pretends to have. */
    public static final List<String> STORES = List.of("fs", "s3");

    private void handle(HttpExchange ex) throws IOException {
        try {
            dispatch(ex);
        } catch (RuntimeException e) {
            e.printStackTrace();
            problem(ex, 500, "Internal Server Error", String.valueOf(e));
        } finally {
            ex.close();
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            boolean isFile = path.endsWith("/file") && method.equals("PUT");
            byte[] body = isFile ? new byte[0] : ex.getRequestBody().readAllBytes();
            requests.add(new Recorded(method, path, rawQuery, Map.copyOf(ex.getRequestHeaders()), body));
            if (path.startsWith(REALM + "/")) {
                keycloak(ex, method, path, body);
                return;
            }
            if (path.equals("/api/v1/auth") && method.equals("GET")) {
                ObjectNode auth = json.createObjectNode();
                auth.put("issuer", url() + REALM);
                auth.put("clientId", CLIENT_ID);
                auth.put("tokenEndpoint", url() + TOKEN_PATH);
                auth.put("deviceAuthorizationEndpoint", url() + DEVICE_PATH);
                send(ex, 200, auth);
                return;
            }
            String user = authenticate(ex);
            if (user == null) {
                return;
            }
            ObjectNode account = users.get(user);
            boolean me = method.equals("GET") && path.equals("/api/v1/users/me");
            if (!me && (account == null || !account.path("status").asText().equals("activated"))) {
                String status = account == null ? "unknown" : account.path("status").asText();
                problem(ex, 403, "Forbidden", status.equals("pending")
                        ? "your account is pending: an administrator must activate it before you can use the repository"
                        : "your account is " + status + ": ask an administrator");
                return;
            }
            Canned c = canned.get(method + " " + path);
            if (c != null) {
                byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", c.contentType());
                ex.sendResponseHeaders(c.status(), bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
                return;
            }
            if (path.equals("/api/v1/users") || path.startsWith("/api/v1/users/")) {
                users(ex, method, path, account, body);
                return;
            }
            if (path.equals("/api/v1/files") || path.equals("/api/v1/images/by-location")) {
                String uri = rawQuery == null || !rawQuery.startsWith("uri=") ? ""
                        : URLDecoder.decode(rawQuery.substring(4), StandardCharsets.UTF_8);
                Map.Entry<String, ObjectNode> at = images.entrySet().stream()
                        .filter(e -> e.getValue().withArray("locations").toString().contains("\"" + uri + "\""))
                        .findFirst().orElse(null);
                if (at == null) {
                    problem(ex, 404, "Not Found", "No image at '" + uri + "'");
                } else if (path.equals("/api/v1/files")) {
                    download(ex, at.getKey(), at.getValue(), null);
                } else {
                    send(ex, 200, at.getValue());
                }
                return;
            }
            String base = "/api/v1/images";
            if (!path.startsWith(base)) {
                problem(ex, 404, "Not Found", "no such resource: " + path);
                return;
            }
            String rest = path.substring(base.length());
            if (rest.isEmpty() || rest.equals("/")) {
                switch (method) {
                    case "POST" -> register(ex, user, body);
                    case "GET" -> query(ex, rawQuery);
                    default -> problem(ex, 405, "Method Not Allowed", method + " is not allowed here");
                }
                return;
            }
            String[] parts = rest.substring(1).split("/");
            String id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            ObjectNode img = images.get(id);
            if (img == null) {
                if (isFile) {
                    ex.getRequestBody().readAllBytes();
                }
                problem(ex, 404, "Not Found", "image " + id + " not found");
                return;
            }
            if (parts.length == 1) {
                switch (method) {
                    case "GET" -> {
                        AtomicInteger left = pollsLeft.get(id);
                        if (left != null && left.decrementAndGet() < 0) {
                            pollsLeft.remove(id);
                            img.put("imgStatus", failUploads ? "failed" : "available");
                        }
                        send(ex, 200, img);
                    }
                    case "PATCH" -> modify(ex, img, body);
                    case "DELETE" -> {
                        images.remove(id);
                        blobs.remove(id);
                        ex.sendResponseHeaders(204, -1);
                    }
                    default -> problem(ex, 405, "Method Not Allowed", method + " is not allowed here");
                }
            } else if (parts.length == 4 && parts[1].equals("shares")
                    && (parts[2].equals("users") || parts[2].equals("groups"))) {
                share(ex, method, account, img, parts[2], URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
            } else if (parts.length == 2 && parts[1].equals("locations") && method.equals("POST")) {
                copy(ex, id, img, body);
            } else if (parts.length == 2 && parts[1].equals("locations") && method.equals("DELETE")) {
                removeLocation(ex, id, img, rawQuery);
            } else if (parts.length == 2 && parts[1].equals("uploads") && method.equals("POST")) {
                // As the gateway in proxy mode (ADR 16): the bytes go to the gateway's own file path.
                ObjectNode created = json.createObjectNode();
                created.put("imageId", id);
                created.put("uploadUrl", base + "/" + parts[0] + "/file");
                created.put("method", "PUT");
                send(ex, 201, created);
            } else if (parts.length == 2 && parts[1].equals("file")) {
                switch (method) {
                    case "PUT" -> upload(ex, id, img);
                    case "GET" -> download(ex, id, img, rawQuery);
                    default -> problem(ex, 405, "Method Not Allowed", method + " is not allowed here");
                }
            } else {
                problem(ex, 404, "Not Found", "no such resource: " + path);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ identity

    /** Like the gateway: the user behind the bearer token, or {@code null} after answering 401. */
    private String authenticate(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            problem(ex, 401, "Unauthorized", "missing bearer token");
            return null;
        }
        if (!header.startsWith("Bearer ")) {
            problem(ex, 401, "Unauthorized", "malformed Authorization header: expected Bearer");
            return null;
        }
        Session session = accessTokens.get(header.substring("Bearer ".length()).strip());
        if (session == null) {
            problem(ex, 401, "Unauthorized", "the access token is not valid");
            return null;
        }
        if (!session.expiresAt().isAfter(Instant.now())) {
            problem(ex, 401, "Unauthorized", "the access token has expired");
            return null;
        }
        return session.username();
    }

    /** Keycloak's side: discovery, the token endpoint, the device endpoint, revocation. */
    private void keycloak(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        if (path.equals(REALM + "/.well-known/openid-configuration") && method.equals("GET")) {
            ObjectNode doc = json.createObjectNode();
            doc.put("issuer", url() + REALM);
            doc.put("token_endpoint", url() + TOKEN_PATH);
            doc.put("device_authorization_endpoint", url() + DEVICE_PATH);
            doc.put("revocation_endpoint", url() + REVOKE_PATH);
            send(ex, 200, doc);
            return;
        }
        if (!method.equals("POST")) {
            oauthError(ex, 405, "invalid_request", "HTTP method not allowed");
            return;
        }
        String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            oauthError(ex, 400, "invalid_request", "the request must be form-encoded, not " + contentType);
            return;
        }
        Map<String, String> form = form(body);
        if (!CLIENT_ID.equals(form.get("client_id"))) {
            oauthError(ex, 401, "invalid_client", "Invalid client or Invalid client credentials");
            return;
        }
        switch (path) {
            case DEVICE_PATH -> {
                ObjectNode da = json.createObjectNode();
                da.put("device_code", "device-code-1");
                da.put("user_code", USER_CODE);
                da.put("verification_uri", url() + REALM + "/device");
                da.put("verification_uri_complete", url() + REALM + "/device?user_code=" + USER_CODE);
                da.put("expires_in", 600);
                da.put("interval", deviceInterval);
                send(ex, 200, da);
            }
            case REVOKE_PATH -> {
                String token = form.get("token");
                if (token != null && refreshTokens.remove(token) != null) {
                    revoked.add(token);
                }
                ex.sendResponseHeaders(200, -1);
            }
            case TOKEN_PATH -> token(ex, form);
            default -> oauthError(ex, 404, "invalid_request", "no such endpoint");
        }
    }

    private void token(HttpExchange ex, Map<String, String> form) throws IOException {
        String grant = String.valueOf(form.get("grant_type"));
        switch (grant) {
            case "password" -> {
                String user = form.get("username");
                if (user == null || !String.valueOf(passwords.get(user)).equals(form.get("password"))) {
                    oauthError(ex, 401, "invalid_grant", "Invalid user credentials");
                    return;
                }
                tokens(ex, issue(user));
            }
            case "refresh_token" -> {
                String user = refreshTokens.get(String.valueOf(form.get("refresh_token")));
                if (refuseRefresh || user == null) {
                    oauthError(ex, 400, "invalid_grant", "Token is not active");
                    return;
                }
                tokens(ex, issue(user));
            }
            case "urn:ietf:params:oauth:grant-type:device_code" -> {
                if (!"device-code-1".equals(form.get("device_code"))) {
                    oauthError(ex, 400, "invalid_grant", "Device code not valid");
                    return;
                }
                String error = deviceAnswers.poll();
                if (error != null) {
                    oauthError(ex, 400, error, switch (error) {
                        case "authorization_pending" -> "The authorization request is still pending";
                        case "slow_down" -> "Slow down";
                        case "expired_token" -> "The device code has expired";
                        case "access_denied" -> "The end user denied the authorization request";
                        default -> error;
                    });
                    return;
                }
                tokens(ex, issue(deviceUser));
            }
            default -> oauthError(ex, 400, "unsupported_grant_type", "Unsupported grant_type");
        }
    }

    private void tokens(HttpExchange ex, Issued issued) throws IOException {
        ObjectNode t = json.createObjectNode();
        t.put("access_token", issued.accessToken());
        t.put("expires_in", accessTokenSeconds);
        t.put("refresh_expires_in", refreshTokenSeconds);
        t.put("refresh_token", issued.refreshToken());
        t.put("token_type", "Bearer");
        t.put("not-before-policy", 0);
        t.put("scope", "openid profile email");
        send(ex, 200, t);
    }

    private void oauthError(HttpExchange ex, int status, String error, String description) throws IOException {
        ObjectNode e = json.createObjectNode();
        e.put("error", error);
        e.put("error_description", description);
        send(ex, status, e);
    }

    public static Map<String, String> form(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return form;
        }
        for (String p : text.split("&")) {
            int eq = p.indexOf('=');
            form.put(URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static String b64(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ------------------------------------------------------------------------------------------------ users

    private static final Set<String> ROLES = Set.of("admin", "user");
    private static final Set<String> STATUSES = Set.of("pending", "activated", "deactivated");

    private void users(HttpExchange ex, String method, String path, ObjectNode caller, byte[] body) throws IOException {
        boolean admin = caller.path("role").asText().equals("admin");
        String rest = path.substring("/api/v1/users".length());
        if (rest.equals("/me") && method.equals("GET")) {
            send(ex, 200, caller);
            return;
        }
        if (rest.isEmpty()) {
            if (!admin) {
                problem(ex, 403, "Forbidden", "only an administrator may list or add users");
                return;
            }
            switch (method) {
                case "GET" -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode arr = json.createArrayNode();
                    synchronized (users) {
                        users.values().forEach(arr::add);
                    }
                    out.put("count", arr.size());
                    out.set("users", arr);
                    send(ex, 200, out);
                }
                case "POST" -> {
                    JsonNode in = json.readTree(body);
                    String name = in.path("username").asText("");
                    if (name.isBlank()) {
                        problem(ex, 400, "Bad Request", "username is required");
                    } else if (users.containsKey(name)) {
                        problem(ex, 409, "Conflict", "user " + name + " exists already");
                    } else if (!validUser(ex, in)) {
                        return;
                    } else {
                        ObjectNode u = addUser(name, in.path("role").asText("user"), in.path("status").asText("pending"),
                                in.path("quota").asLong(8 * GIB));
                        ex.getResponseHeaders().add("Location", url() + "/api/v1/users/" + name);
                        send(ex, 201, u);
                    }
                }
                default -> problem(ex, 405, "Method Not Allowed", method + " is not allowed here");
            }
            return;
        }
        String name = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        if (!admin && !(method.equals("GET") && name.equals(caller.path("username").asText()))) {
            problem(ex, 403, "Forbidden", "only an administrator may do this to user " + name);
            return;
        }
        ObjectNode u = users.get(name);
        if (u == null) {
            problem(ex, 404, "Not Found", "user " + name + " not found");
            return;
        }
        switch (method) {
            case "GET" -> send(ex, 200, u);
            case "PATCH" -> {
                JsonNode in = json.readTree(body);
                var it = in.fieldNames();
                while (it.hasNext()) {
                    String f = it.next();
                    if (!Set.of("quota", "role", "status").contains(f)) {
                        problem(ex, 400, "Bad Request", "field " + f + " of a user cannot be changed");
                        return;
                    }
                }
                if (!validUser(ex, in)) {
                    return;
                }
                in.fields().forEachRemaining(e -> u.set(e.getKey(), e.getValue()));
                send(ex, 200, u);
            }
            case "DELETE" -> {
                users.remove(name);
                ex.sendResponseHeaders(204, -1);
            }
            default -> problem(ex, 405, "Method Not Allowed", method + " is not allowed here");
        }
    }

    private boolean validUser(HttpExchange ex, JsonNode in) throws IOException {
        if (in.has("role") && !ROLES.contains(in.get("role").asText())) {
            problem(ex, 400, "Bad Request", "role must be admin or user");
            return false;
        }
        if (in.has("status") && !STATUSES.contains(in.get("status").asText())) {
            problem(ex, 400, "Bad Request", "status must be pending, activated or deactivated");
            return false;
        }
        if (in.has("quota") && (!in.get("quota").isIntegralNumber() || in.get("quota").asLong() < 0)) {
            problem(ex, 400, "Bad Request", "quota must be a number of bytes, 0 or more");
            return false;
        }
        return true;
    }

    private void share(HttpExchange ex, String method, ObjectNode caller, ObjectNode img, String kind, String name)
            throws IOException {
        if (!caller.path("role").asText().equals("admin")
                && !img.path("owner").asText().equals(caller.path("username").asText())) {
            problem(ex, 403, "Forbidden", "only the owner or an administrator may share image "
                    + img.path("imgId").asText());
            return;
        }
        ArrayNode list = img.withArray(kind.equals("users") ? "sharedUsers" : "sharedGroups");
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.asText()));
        switch (method) {
            case "PUT" -> {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
            case "DELETE" -> names.remove(name);
            default -> {
                problem(ex, 405, "Method Not Allowed", method + " is not allowed here");
                return;
            }
        }
        list.removeAll();
        names.forEach(list::add);
        send(ex, 200, img);
    }

    // ------------------------------------------------------------------------------------------------ images

    private void register(HttpExchange ex, String user, byte[] body) throws IOException {
        JsonNode in = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        if (!in.isObject()) {
            problem(ex, 400, "Bad Request", "expected a JSON object");
            return;
        }
        String id = UUID.randomUUID().toString();
        ObjectNode img = newImage(id, user);
        var it = in.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!MUTABLE.contains(e.getKey())) {
                problem(ex, 400, "Bad Request", "unknown or read-only field: " + e.getKey());
                return;
            }
            img.set(e.getKey(), e.getValue());
        }
        if (in.has("vmType") && !Set.of("none", "xen", "kvm", "virtualbox", "vmware").contains(in.get("vmType").asText())) {
            problem(ex, 400, "Bad Request", "vmType must be one of none, xen, kvm, virtualbox, vmware");
            return;
        }
        img.put("imgStatus", "pending");
        images.put(id, img);
        ex.getResponseHeaders().add("Location", url() + "/api/v1/images/" + id);
        send(ex, 201, img);
    }

    private void modify(HttpExchange ex, ObjectNode img, byte[] body) throws IOException {
        JsonNode in = json.readTree(body);
        var it = in.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!MUTABLE.contains(e.getKey())) {
                problem(ex, 400, "Bad Request", "field " + e.getKey() + " cannot be changed");
                return;
            }
        }
        in.fields().forEachRemaining(e -> img.set(e.getKey(), e.getValue()));
        send(ex, 200, img);
    }

    private void query(HttpExchange ex, String rawQuery) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String p : rawQuery.split("&")) {
                int eq = p.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
        }
        String q = params.getOrDefault("q", "*").trim();
        String projection = q;
        String where = "";
        int w = q.toLowerCase().indexOf(" where ");
        if (w >= 0) {
            projection = q.substring(0, w).trim();
            where = q.substring(w + 7).trim();
        }
        if (projection.isEmpty() || q.toLowerCase().startsWith("where")) {
            problem(ex, 400, "Bad Request", "query syntax error at 1: expected '*' or field names before 'where'");
            return;
        }
        List<String> fields = new ArrayList<>();
        if (projection.equals("*")) {
            fields.addAll(List.of("imgId", "name", "owner", "os", "description", "tag", "vmType", "imgType",
                    "permission", "imgStatus", "imgURI", "createdDate", "lastAccess", "accessCount", "size",
                    "sha256", "md5", "arch", "diskFormat", "locations", "sharedUsers", "sharedGroups"));
        } else {
            for (String f : projection.split(",")) {
                fields.add(f.trim());
            }
        }
        Map<String, Pattern> conds = new LinkedHashMap<>();
        if (!where.isEmpty()) {
            for (String c : where.split(",")) {
                String[] kv = c.split("=", 2);
                conds.put(kv[0].trim(), Pattern.compile(kv[1].trim()));
            }
        }
        ObjectNode out = json.createObjectNode();
        out.put("query", q);
        ArrayNode fa = out.putArray("fields");
        fields.forEach(fa::add);
        ArrayNode arr = json.createArrayNode();
        List<ObjectNode> all;
        synchronized (images) {
            all = new ArrayList<>(images.values());
        }
        for (ObjectNode img : all) {
            boolean match = true;
            for (Map.Entry<String, Pattern> c : conds.entrySet()) {
                JsonNode v = img.get(c.getKey());
                boolean any = false;
                if (v != null && v.isArray()) {
                    for (JsonNode x : v) {
                        any |= c.getValue().matcher(x.asText()).matches();
                    }
                } else if (v != null && !v.isNull()) {
                    any = c.getValue().matcher(v.asText()).matches();
                }
                match &= any;
            }
            if (match) {
                ObjectNode p = arr.addObject();
                for (String f : fields) {
                    p.set(f, img.get(f));
                }
            }
        }
        out.put("count", arr.size());
        out.set("images", arr);
        send(ex, 200, out);
    }

    /** Like blob-service: removes one copy ({@code ?uri=}); the image must keep another. */
    private void removeLocation(HttpExchange ex, String id, ObjectNode img, String rawQuery) throws IOException {
        String uri = rawQuery == null || !rawQuery.startsWith("uri=") ? ""
                : URLDecoder.decode(rawQuery.substring(4), StandardCharsets.UTF_8);
        ArrayNode locations = img.withArray("locations");
        for (int i = 0; i < locations.size(); i++) {
            if (locations.get(i).asText().equals(uri)) {
                if (locations.size() == 1) {
                    problem(ex, 409, "Conflict", "'" + uri + "' is the only copy of image " + id
                            + "; remove the image instead");
                    return;
                }
                locations.remove(i);
                ex.sendResponseHeaders(204, -1);
                return;
            }
        }
        problem(ex, 404, "Not Found", "image " + id + " has no copy at '" + uri + "'");
    }

    private void upload(HttpExchange ex, String id, ObjectNode img) throws IOException {
        String refusal = uploadRefusal;
        if (refusal != null) {
            byte[] bytes = refusal.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/problem+json");
            if (uploadRefusalCutOff) {
                // The body is read first here too, so that the headers surely arrive and only the answer's body
                // is lost (a reset could take the headers as well, and the client could not know it was a 413).
                ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
                ex.sendResponseHeaders(413, bytes.length);
                ex.getResponseBody().flush();
                return; // no body: closing the exchange short of its length breaks the connection off
            }
            // Read the body to its end first: a close with unread bytes resets the connection, which can lose
            // the answer (the cut-off case above tests what the client does then).
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            ex.sendResponseHeaders(413, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
            return;
        }
        MessageDigest sha = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                md5.update(buf, 0, n);
                all.write(buf, 0, n);
                fileBytesReceived.addAndGet(n);
            }
        }
        byte[] bytes = all.toByteArray();
        blobs.put(id, bytes);
        String sha256 = HexFormat.of().formatHex(sha.digest());
        img.put("size", bytes.length);
        img.put("sha256", sha256);
        img.put("md5", HexFormat.of().formatHex(md5.digest()));
        img.put("imgURI", "fs://images/" + id);
        img.putArray("locations").add("fs://images/" + id);
        pollsLeft.put(id, new AtomicInteger(pendingPolls));
        ObjectNode out = json.createObjectNode();
        out.put("imgId", id);
        out.put("size", bytes.length);
        out.put("sha256", wrongUploadChecksum ? hex("SHA-256", "something else".getBytes()) : sha256);
        out.put("md5", img.get("md5").asText());
        out.put("imgURI", "fs://images/" + id);
        send(ex, 201, out);
    }

    /** Like blob-service: a copy into a known store ({@link #STORES}) of an image that has bytes. */
    private void copy(HttpExchange ex, String id, ObjectNode img, byte[] body) throws IOException {
        String store = json.readTree(body).path("store").asText("");
        if (!STORES.contains(store)) {
            problem(ex, 400, "Bad Request", "unknown store '" + store + "'; this repository has: " + STORES);
            return;
        }
        if (!blobs.containsKey(id)) {
            problem(ex, 409, "Conflict", "image " + id + " has no bytes yet");
            return;
        }
        String location = store + "://images/" + id;
        img.withArray("locations").add(location);
        ObjectNode out = json.createObjectNode();
        out.put("imgId", id);
        out.put("store", store);
        out.put("location", location);
        out.put("size", blobs.get(id).length);
        out.put("sha256", img.get("sha256").asText());
        send(ex, 201, out);
    }

    private void download(HttpExchange ex, String id, ObjectNode img, String rawQuery) throws IOException {
        byte[] bytes = blobs.get(id);
        if (bytes == null) {
            problem(ex, 409, "Conflict", "image " + id + " has no bytes yet");
            return;
        }
        if (rawQuery != null && rawQuery.startsWith("store=")) {
            String prefix = rawQuery.substring("store=".length()) + "://";
            boolean held = false;
            for (JsonNode location : img.withArray("locations")) {
                held |= location.asText().startsWith(prefix);
            }
            if (!held) {
                problem(ex, 409, "Conflict", "image " + id + " has no copy in " + rawQuery.substring(6));
                return;
            }
        }
        String sha = hex("SHA-256", bytes);
        byte[] served = bytes.clone();
        if (corruptDownloads && served.length > 0) {
            served[served.length / 2] ^= 0x5a;
        }
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().add("ETag", "\"" + sha + "\"");
        ex.getResponseHeaders().add("X-Checksum-Sha256", sha);
        ex.sendResponseHeaders(200, served.length == 0 ? -1 : served.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(served);
        }
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void problem(HttpExchange ex, int status, String title, String detail) throws IOException {
        ObjectNode p = json.createObjectNode();
        p.put("type", "https://imagerepo.org/problems/" + title.toLowerCase().replace(' ', '-'));
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        byte[] bytes = json.writeValueAsBytes(p);
        ex.getResponseHeaders().set("Content-Type", "application/problem+json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static String hex(String algorithm, byte[] bytes) {
        return HexFormat.of().formatHex(digest(algorithm).digest(bytes));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

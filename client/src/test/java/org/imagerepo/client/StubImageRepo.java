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
 * A small in-JVM stand-in for the imagerepo REST API (the gateway's {@code /api/v1/images} resources), enough to
 * exercise the client: an in-memory catalog, in-memory bytes, a toy query language, problem+json errors, and
 * switches that make it misbehave (wrong checksums, corrupted downloads, failing uploads).
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

    public StubImageRepo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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
            String user = ex.getRequestHeaders().getFirst("X-Imagerepo-User");
            if (user == null) {
                problem(ex, 401, "Unauthorized", "no identity: send X-Imagerepo-User");
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
            } else if (parts.length == 2 && parts[1].equals("locations") && method.equals("POST")) {
                copy(ex, id, img, body);
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
                    "sha256", "md5", "arch", "diskFormat", "locations"));
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

    private void upload(HttpExchange ex, String id, ObjectNode img) throws IOException {
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

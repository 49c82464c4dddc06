package org.imagerepo.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the imagerepo REST API through its gateway: images ({@code /api/v1/images}), users
 * ({@code /api/v1/users}), accounting's history and usage ({@code /api/v1/history}, {@code /api/v1/usage}) and
 * trigger-service's rules, actions and reservations ({@code /api/v1/rules}, {@code /api/v1/actions},
 * {@code /api/v1/reservations}).
 *
 * <pre>{@code
 * URI gateway = URI.create("http://127.0.0.1:8080");
 * ImageRepoClient repo = ImageRepoClient.builder().baseUri(gateway)
 *         .tokens(new CachedTokenSource(gateway, CredentialsStore.fromEnvironment(System.getenv())))
 *         .build();
 * Image img = repo.register(NewImage.builder().name("ubuntu-22").os("ubuntu").tag("hadoop").build());
 * repo.upload(img.imgId(), Path.of("ubuntu.qcow2"), ProgressListener.NONE);
 * repo.awaitAvailable(img.imgId(), Duration.ofSeconds(30));
 * QueryResult r = repo.query("name,os where tag=hadoop");
 * }</pre>
 *
 * <p>Every method throws {@link ImageRepoException} (unchecked) on failure: the server's problem documents become
 * exceptions whose message is the problem's {@code detail}. Transfers stream: no file is ever held whole in
 * memory. Instances are immutable and thread-safe (as far as their {@link TokenSource} is); make one and share it.
 *
 * <p>Every call carries {@code Authorization: Bearer <token>} from the {@link TokenSource}, asked anew for each
 * request so that it can refresh the token. Redirects are not followed: they would carry the token elsewhere.
 */
public final class ImageRepoClient {

    /** The URL of a stack started on this machine. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    /** The header the blob service puts the SHA-256 of the bytes in. */
    public static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private static final String IMAGES = "/api/v1/images";
    private static final String USERS = "/api/v1/users";
    private static final String HISTORY = "/api/v1/history";
    private static final String USAGE = "/api/v1/usage";
    private static final String RULES = "/api/v1/rules";
    private static final String ACTIONS = "/api/v1/actions";
    private static final String RESERVATIONS = "/api/v1/reservations";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String USER_AGENT = "imagerepo-client/" + version();
    private static final int BUFFER = 64 * 1024;
    private static final Duration TRANSFER_TIMEOUT = Duration.ofDays(1);
    /** Transfers are redirected once (gateway to blob-service, ADR 16); more is a loop. */
    private static final int MAX_REDIRECTS = 3;
    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]*)\"");

    private final URI baseUri;
    private final TokenSource tokens;
    private final Duration requestTimeout;
    private final Duration pollInterval;
    private final HttpClient http;

    private ImageRepoClient(Builder b) {
        this.baseUri = b.baseUri;
        this.tokens = b.tokens;
        this.requestTimeout = b.requestTimeout;
        this.pollInterval = b.pollInterval;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A client for {@code baseUri} (e.g. {@code http://127.0.0.1:8080}) sending the tokens of {@code tokens}. */
    public static ImageRepoClient create(URI baseUri, TokenSource tokens) {
        return builder().baseUri(baseUri).tokens(tokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI of the repository, without a trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    /** Where the access tokens come from, or {@code null} when requests carry none. */
    public TokenSource tokens() {
        return tokens;
    }

    // ------------------------------------------------------------------------------------------------ catalog

    /** Registers a new image (status {@code pending} until its bytes are uploaded). */
    public Image register(NewImage image) {
        Objects.requireNonNull(image, "image");
        HttpRequest req = request(IMAGES)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(image)))
                .build();
        return readJson(expect(send(req), 201, 200), Image.class);
    }

    /** The image with id {@code id}; {@link NotFoundException} if there is none the user may see. */
    public Image show(String id) {
        HttpRequest req = request(imagePath(id)).GET().build();
        return readJson(expect(send(req), 200), Image.class);
    }

    /** Every image the user may see. */
    public QueryResult list() {
        return list(null, null);
    }

    /** The images the user may see, a page at a time ({@code null} for the server's default). */
    public QueryResult list(Integer limit, Integer offset) {
        return search(null, limit, offset);
    }

    /** Runs a query, e.g. {@code "* where os=ubuntu, tag=hadoop"} or {@code "name,os where vmType=kvm"}. */
    public QueryResult query(String query) {
        return query(query, null, null);
    }

    /** Runs a query, a page at a time ({@code null} for the server's default). */
    public QueryResult query(String query, Integer limit, Integer offset) {
        Objects.requireNonNull(query, "query");
        return search(query, limit, offset);
    }

    private QueryResult search(String query, Integer limit, Integer offset) {
        StringBuilder path = new StringBuilder(IMAGES);
        char sep = '?';
        if (query != null) {
            path.append(sep).append("q=").append(encode(query));
            sep = '&';
        }
        if (limit != null) {
            path.append(sep).append("limit=").append(limit);
            sep = '&';
        }
        if (offset != null) {
            path.append(sep).append("offset=").append(offset);
        }
        HttpRequest req = request(path.toString()).GET().build();
        return readJson(expect(send(req), 200), QueryResult.class);
    }

    /**
     * Changes the given fields, e.g. {@code Map.of("os", "centos", "tag", List.of("a", "b"))}; returns the image
     * as it is afterwards.
     */
    public Image modify(String id, Map<String, ?> changes) {
        Objects.requireNonNull(changes, "changes");
        HttpRequest req = request(imagePath(id))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(changes)))
                .build();
        return readJson(expect(send(req), 200), Image.class);
    }

    /** Removes the image and its bytes. */
    public void remove(String id) {
        HttpRequest req = request(imagePath(id)).DELETE().build();
        expect(send(req), 204, 200, 202);
    }

    /**
     * Polls the image until its status is {@code available} and returns it. Throws {@link ImageRepoException}
     * of kind {@link ImageRepoException.Kind#IMAGE_FAILED} if it becomes {@code failed}, and of kind
     * {@link ImageRepoException.Kind#TIMEOUT} if it is not available within {@code timeout}.
     */
    public Image awaitAvailable(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = Math.min(50, pollInterval.toMillis());
        while (true) {
            Image img = show(id);
            if (img.isAvailable()) {
                return img;
            }
            if (img.isFailed()) {
                throw new ImageRepoException(ImageRepoException.Kind.IMAGE_FAILED,
                        "image " + id + " failed: its bytes could not be stored");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ImageRepoException(ImageRepoException.Kind.TIMEOUT, "image " + id
                        + " is still " + img.imgStatus() + " after " + describe(timeout));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(sleep, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while waiting for image " + id, e);
            }
            sleep = Math.min(sleep * 2, pollInterval.toMillis());
        }
    }

    /**
     * Copies the image's bytes into another store of the repository ({@code fs}, {@code gridfs}, {@code s3},
     * {@code swift}: whichever blob-service is configured with) and waits until the catalog lists the new
     * location, so that a download from {@code store} works when this returns.
     */
    public CopyResult copy(String id, String store, Duration timeout) {
        Objects.requireNonNull(store, "store");
        HttpRequest req = request(imagePath(id) + "/locations")
                .timeout(TRANSFER_TIMEOUT) // the copy streams every byte before the answer
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(Map.of("store", store))))
                .build();
        CopyResult result = readJson(expect(send(req), 201, 200), CopyResult.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!show(id).locations().contains(result.location())) {
            if (System.nanoTime() > deadline) {
                throw new ImageRepoException(ImageRepoException.Kind.TIMEOUT, "the copy of image " + id + " in "
                        + store + " is stored but the catalog did not list it within " + describe(timeout));
            }
            try {
                Thread.sleep(Math.min(200, pollInterval.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while waiting for image " + id, e);
            }
        }
        return result;
    }

    /**
     * Removes the copy of the image's bytes at {@code location} (one of its {@code locations}) from its store;
     * the catalog drops the location once blob-service has removed it. The image's other copies stay.
     */
    public void removeLocation(String id, String location) {
        if (location == null || location.isBlank()) {
            throw new BadRequestException(0, null, null, "the location to remove is required");
        }
        HttpRequest req = request(imagePath(id) + "/locations?uri=" + encode(location.strip())).DELETE().build();
        expect(send(req), 204, 200, 202);
    }

    /**
     * Reads every copy of the image's bytes in its store and compares its size and SHA-256 with the catalog's
     * (owner or admin). Reads, and so takes as long as a download of each copy; not counted as an access.
     */
    public Verification verify(String id) {
        HttpRequest req = request(imagePath(id) + "/verification")
                .timeout(TRANSFER_TIMEOUT) // every copy is read before the answer
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return readJson(expect(send(req), 200), Verification.class);
    }

    // ------------------------------------------------------------------------------------------------ sharing

    /** Makes the image {@code private} or {@code public} ({@link Image#PERMISSION_PRIVATE}, ...); owner or admin. */
    public Image setPermission(String id, String permission) {
        Objects.requireNonNull(permission, "permission");
        return modify(id, Map.of("permission", permission));
    }

    /**
     * Shares the image with the named users and the members of the named directory groups (owner or admin);
     * returns the image as it is afterwards. Sharing with someone it is shared with already changes nothing.
     */
    public Image share(String id, Collection<String> users, Collection<String> groups) {
        return shares(id, "PUT", users, groups);
    }

    /** Stops sharing the image with the named users and groups; returns the image as it is afterwards. */
    public Image unshare(String id, Collection<String> users, Collection<String> groups) {
        return shares(id, "DELETE", users, groups);
    }

    private Image shares(String id, String method, Collection<String> users, Collection<String> groups) {
        List<String> u = users == null ? List.of() : List.copyOf(users);
        List<String> g = groups == null ? List.of() : List.copyOf(groups);
        if (u.isEmpty() && g.isEmpty()) {
            throw new IllegalArgumentException("name at least one user or group");
        }
        String base = imagePath(id) + "/shares/";
        Image image = null;
        // One request per name: each is idempotent, so a failure half-way can simply be retried.
        for (String name : u) {
            image = shareRequest(base + "users/" + namePath(name, "user"), method);
        }
        for (String name : g) {
            image = shareRequest(base + "groups/" + namePath(name, "group"), method);
        }
        return image;
    }

    private Image shareRequest(String path, String method) {
        HttpRequest req = request(path).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return readJson(expect(send(req), 200), Image.class);
    }

    // ------------------------------------------------------------------------------------------------ users

    /**
     * The caller's own record. Works for pending and deactivated users too: it is how they learn why the
     * repository refuses them.
     */
    public User whoami() {
        HttpRequest req = request(USERS + "/me").GET().build();
        return readJson(expect(send(req), 200), User.class);
    }

    /** Every user (admins only). */
    public UserList users() {
        HttpRequest req = request(USERS).GET().build();
        return readJson(expect(send(req), 200), UserList.class);
    }

    /** One user; {@link NotFoundException} if there is none. */
    public User user(String username) {
        HttpRequest req = request(userPath(username)).GET().build();
        return readJson(expect(send(req), 200), User.class);
    }

    /** Registers a user before their first sign-in (admins only). */
    public User addUser(NewUser user) {
        Objects.requireNonNull(user, "user");
        namePath(user.username(), "user");
        HttpRequest req = request(USERS)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(user)))
                .build();
        return readJson(expect(send(req), 201, 200), User.class);
    }

    /** Changes a user's quota, role or status (admins only); returns the user as they are afterwards. */
    public User updateUser(String username, UserUpdate update) {
        Objects.requireNonNull(update, "update");
        HttpRequest req = request(userPath(username))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(update)))
                .build();
        return readJson(expect(send(req), 200), User.class);
    }

    /** Removes a user's record (admins only). */
    public void removeUser(String username) {
        HttpRequest req = request(userPath(username)).DELETE().build();
        expect(send(req), 204, 200);
    }

    // ------------------------------------------------------------------------------------------------ accounting

    /** What accounting recorded about the images the caller may see (every image for admins), first page. */
    public Page<ImageHistory> imageHistory() {
        return imageHistory((Integer) null, null, null);
    }

    /**
     * What accounting recorded about images, a page at a time ({@code null}s for the server's defaults): the
     * caller's own, every image for admins, or those of {@code owner}.
     */
    public Page<ImageHistory> imageHistory(Integer limit, Integer offset, String owner) {
        String path = HISTORY + "/images" + new Params().add("owner", owner).add("limit", limit)
                .add("offset", offset);
        return readPage(expect(send(request(path).GET().build()), 200), ImageHistory.class, "images");
    }

    /**
     * What accounting recorded about one image, with its accesses newest first, a page of them at a time
     * ({@link ImageHistory#total()} counts them all); {@link NotFoundException} if the caller may not see it.
     */
    public ImageHistory imageHistory(String id, Integer limit, Integer offset) {
        if (id == null || id.isBlank()) {
            throw new BadRequestException(0, null, null, "an image id is required");
        }
        String path = HISTORY + "/images/" + encode(id.strip()) + new Params().add("limit", limit)
                .add("offset", offset);
        return readJson(expect(send(request(path).GET().build()), 200), ImageHistory.class);
    }

    /** What accounting recorded about every user, first page (admins only). */
    public Page<UserHistory> userHistory() {
        return userHistory(null, null);
    }

    /** What accounting recorded about every user, a page at a time (admins only). */
    public Page<UserHistory> userHistory(Integer limit, Integer offset) {
        String path = HISTORY + "/users" + new Params().add("limit", limit).add("offset", offset);
        return readPage(expect(send(request(path).GET().build()), 200), UserHistory.class, "users");
    }

    /** What accounting recorded about one user (that user or an admin). */
    public UserHistory userHistory(String username) {
        String path = HISTORY + "/users/" + namePath(username, "user");
        return readJson(expect(send(request(path).GET().build()), 200), UserHistory.class);
    }

    /**
     * Use per day from {@code from} to {@code to} (exclusive); {@code null}s for the server's defaults: the caller,
     * the last 30 days. {@code user} may name another user, or be {@code *} for everyone (admins only).
     */
    public Usage usage(String user, LocalDate from, LocalDate to) {
        String path = USAGE + new Params().add("user", user).add("from", from).add("to", to);
        return readJson(expect(send(request(path).GET().build()), 200), Usage.class);
    }

    /**
     * Compares every user's recorded usage with the images the catalog says they own (admins only); with
     * {@code repair}, corrects the records that differ.
     */
    public Reconciliation reconcile(boolean repair) {
        HttpRequest req = request(USAGE + "/reconciliation?repair=" + repair)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return readJson(expect(send(req), 200, 201), Reconciliation.class);
    }

    // ------------------------------------------------------------------------------------------------ triggers

    /** trigger-service's rules (admins only). */
    public List<Rule> rules() {
        return readList(expect(send(request(RULES).GET().build()), 200), Rule.class, "rules");
    }

    /** One rule; {@link NotFoundException} if there is none of that name. */
    public Rule rule(String name) {
        return readJson(expect(send(request(rulePath(name)).GET().build()), 200), Rule.class);
    }

    /**
     * Changes a rule's {@code enabled}, {@code dryRun} or settings; returns the rule as it is afterwards. Unknown
     * settings and bad values are {@link BadRequestException}s naming them.
     */
    public Rule updateRule(String name, RuleUpdate update) {
        Objects.requireNonNull(update, "update");
        HttpRequest req = request(rulePath(name))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(update)))
                .build();
        return readJson(expect(send(req), 200), Rule.class);
    }

    /**
     * Runs a scanning rule now and returns what it did; with {@code dryRun} it only records what it would do,
     * whatever the rule's own setting.
     */
    public List<TriggerAction> runRule(String name, boolean dryRun) {
        HttpRequest req = request(rulePath(name) + "/runs" + (dryRun ? "?dryRun=true" : ""))
                .timeout(TRANSFER_TIMEOUT) // a run may copy or remove images before it answers
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return readList(expect(send(req), 200, 201), TriggerAction.class, "actions");
    }

    /**
     * What the rules did, newest first, a page at a time; {@code rule} and {@code subject} narrow it down
     * ({@code null}: all).
     */
    public Page<TriggerAction> actions(String rule, String subject, Integer limit, Integer offset) {
        String path = ACTIONS + new Params().add("rule", rule).add("subject", subject).add("limit", limit)
                .add("offset", offset);
        return readPage(expect(send(request(path).GET().build()), 200), TriggerAction.class, "actions");
    }

    /** The rain reservations trigger-service has seen, and how far staging each got. */
    public List<Reservation> reservations() {
        return readList(expect(send(request(RESERVATIONS).GET().build()), 200), Reservation.class, "reservations");
    }

    /** One reservation trigger-service keeps, by the rain service's reservation id (admins only). */
    public Reservation reservation(String reservationId) {
        String path = RESERVATIONS + "/" + namePath(reservationId, "reservation");
        return readJson(expect(send(request(path).GET().build()), 200), Reservation.class);
    }

    private static String rulePath(String name) {
        return RULES + "/" + namePath(name, "rule");
    }

    // ------------------------------------------------------------------------------------------------ bytes

    /** {@link #upload(String, Path, ProgressListener)} without progress reports. */
    public UploadResult upload(String id, Path file) {
        return upload(id, file, ProgressListener.NONE);
    }

    /**
     * Uploads the bytes of {@code file} as the image's content. The file is streamed (never read whole into
     * memory) and its SHA-256 computed on the way; the upload fails with {@link ChecksumMismatchException} if
     * the server's checksum of what it stored differs.
     */
    public UploadResult upload(String id, Path file, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long size = sizeOf(file);
        AtomicReference<CountingDigestInputStream> current = new AtomicReference<>();
        AtomicReference<IOException> localFailure = new AtomicReference<>();
        HttpRequest.BodyPublisher body = size == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    // Called once per attempt to send the body; each attempt starts a fresh digest.
                    try {
                        CountingDigestInputStream in = new CountingDigestInputStream(
                                Files.newInputStream(file), sha256(), progress, size, localFailure);
                        current.set(in);
                        return in;
                    } catch (IOException e) {
                        localFailure.set(e);
                        throw new UncheckedIOException(e);
                    }
                }), size);
        // ADR 16: the upload is created at the gateway (which checks who may upload and holds quota), then its
        // bytes go where the answer says: blob-service directly, or the gateway in proxy mode.
        URI uploadUrl = createUpload(id, size);
        HttpRequest.Builder put = transferRequest(uploadUrl)
                .timeout(TRANSFER_TIMEOUT) // the request timeout would also bound the time to send the body
                .header("Content-Type", "application/octet-stream");
        if (!sameOrigin(uploadUrl)) {
            // blob-service answers a refusal before a byte of the body is sent (the gateway's proxy may not relay
            // the interim 100, so only there).
            put.expectContinue(true);
        }
        HttpRequest req = put.PUT(body).build();
        boolean ok = false;
        // A refusal (413 over quota) comes before the body is read and the server then closes the connection:
        // the answer's status is kept, in case the close loses its body on the way.
        AtomicReference<HttpResponse.ResponseInfo> answered = new AtomicReference<>();
        HttpResponse.BodyHandler<String> handler = info -> {
            answered.set(info);
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        try {
            HttpResponse<String> resp;
            try {
                resp = send(req, handler);
            } catch (ImageRepoException e) {
                IOException local = localFailure.get();
                if (local != null) {
                    throw new ImageRepoException(ImageRepoException.Kind.IO,
                            "cannot read " + file + ": " + describe(local), local);
                }
                HttpResponse.ResponseInfo info = answered.get();
                if (e.kind() == ImageRepoException.Kind.IO && info != null && info.statusCode() >= 400) {
                    throw refusedUpload(id, size, info.statusCode(), e);
                }
                throw e;
            }
            UploadResult result = readJson(expect(resp, 201, 200), UploadResult.class);
            CountingDigestInputStream sent = current.get();
            if (sent == null && size == 0) {
                progress.progress(0, 0);
            }
            String actual = sent == null ? sha256Hex(new byte[0]) : HexFormat.of().formatHex(sent.digest.digest());
            long count = sent == null ? 0 : sent.count;
            if (count != size) {
                throw new ImageRepoException(ImageRepoException.Kind.IO,
                        file + " changed while it was being uploaded (" + size + " bytes expected, " + count + " sent)");
            }
            if (result.sha256() == null || !result.sha256().equalsIgnoreCase(actual)) {
                throw new ChecksumMismatchException("checksum mismatch uploading " + file + " to image " + id
                        + ": sent sha256 " + actual + ", the server stored " + result.sha256(),
                        result.sha256(), actual);
            }
            ok = true;
            return result;
        } finally {
            progress.finished(ok);
        }
    }

    /** The upload URL the gateway answers {@code POST .../uploads} with, for {@code size} bytes. */
    private URI createUpload(String id, long size) {
        HttpRequest req = request(imagePath(id) + "/uploads")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(Map.of("size", size))))
                .build();
        JsonNode created = readJson(expect(send(req), 201), JsonNode.class);
        String url = created == null ? null : created.path("uploadUrl").asText(null);
        if (url == null) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "imagerepo at " + baseUri
                    + " created the upload of image " + id + " but said no uploadUrl");
        }
        return resolve(url);
    }

    /** {@code url} as the gateway wrote it (absolute, or a path on the gateway). */
    private URI resolve(String url) {
        URI uri = URI.create(url);
        return uri.isAbsolute() ? uri : URI.create(baseUri + (url.startsWith("/") ? url : "/" + url));
    }

    /** Whether {@code uri} is on the gateway (its scheme, host and port): only there does the token go. */
    private boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), baseUri.getScheme()) && Objects.equals(uri.getHost(), baseUri.getHost())
                && port(uri) == port(baseUri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * A request for a transfer link: the token goes along only to the gateway. Elsewhere (blob-service, ADR 16)
     * the link's signed capability is the credential, and a bearer token must not leave for another host.
     */
    private HttpRequest.Builder transferRequest(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", USER_AGENT);
        return sameOrigin(uri) ? authenticate(b) : b;
    }

    /**
     * A refusal whose explanation the closed connection lost. A 413 is told again from the user's record, which
     * says what the quota check saw: the quota and what is in use.
     */
    private ImageRepoException refusedUpload(String id, long size, int status, ImageRepoException cause) {
        String why = "";
        if (status == 413) {
            try {
                User me = whoami();
                if (me.quota() != null) {
                    return new QuotaExceededException(413, null, "Quota exceeded", "Uploading " + humanBytes(size) + " would pass the quota of "
                            + me.username() + ": quota " + humanBytes(me.quota()) + ", in use "
                            + humanBytes(me.usedBytes() == null ? 0 : me.usedBytes())
                            + ". Remove images or ask an administrator for more quota.",
                            me.quota(), me.usedBytes(), null, size);
                }
            } catch (ImageRepoException unknown) {
                // fall back to what the status alone says
            }
            why = " (the image is larger than your quota leaves room for, or than the repository takes; "
                    + "imagerepo histuser shows your quota and usage)";
        }
        return new ImageRepoException(ImageRepoException.kindOf(status), status, null, null,
                "imagerepo refused the upload of image " + id + " with " + status + reason(status) + why
                        + " and closed the connection before its explanation arrived", cause);
    }

    /** Bytes in binary units, one decimal: 1.5 GiB. */
    static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@link #download(String, Path, ProgressListener)} without progress reports. */
    public Path download(String id, Path target) {
        return download(id, target, ProgressListener.NONE);
    }

    /**
     * Downloads the image's bytes to {@code target}. The bytes are streamed to a temporary file next to
     * {@code target} while their SHA-256 is computed; only when it equals the catalog's checksum is the
     * temporary file renamed to {@code target} (replacing it). Otherwise the temporary file is deleted and
     * {@link ChecksumMismatchException} thrown; {@code target} is then left as it was.
     *
     * @return {@code target}
     */
    public Path download(String id, Path target, ProgressListener listener) {
        return download(id, target, null, listener);
    }

    /**
     * {@link #download(String, Path, ProgressListener)} from the copy held by {@code store} ({@code null}: the
     * repository picks one).
     */
    public Path download(String id, Path target, String store, ProgressListener listener) {
        return download(show(id), imagePath(id) + "/file" + (store == null ? "" : "?store=" + encode(store)), target, listener);
    }

    /** The image with a copy at {@code uri} (its {@code imgURI} or another of its {@code locations}). */
    public Image showAt(String uri) {
        Objects.requireNonNull(uri, "uri");
        HttpRequest req = request(IMAGES + "/by-location?uri=" + encode(uri)).GET().build();
        return readJson(expect(send(req), 200), Image.class);
    }

    /**
     * {@link #download(String, Path, ProgressListener)} of the copy at {@code uri} (the paper's retrieval by
     * URI: an image's {@code imgURI} or another of its {@code locations}).
     */
    public Path downloadAt(String uri, Path target, ProgressListener listener) {
        return download(showAt(uri), "/api/v1/files?uri=" + encode(uri), target, listener);
    }

    private Path download(Image image, String pathAndQuery, Path target, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot write " + target + ": directory "
                    + dir + " does not exist");
        }
        HttpRequest req = request(pathAndQuery)
                .timeout(TRANSFER_TIMEOUT) // a big image may take long; connection failures still surface
                .header("Accept", "application/octet-stream, application/problem+json")
                .GET()
                .build();
        HttpResponse<InputStream> resp = send(req, HttpResponse.BodyHandlers.ofInputStream());
        for (int hops = 0; isRedirect(resp.statusCode()) && hops < MAX_REDIRECTS; hops++) {
            // ADR 16: the gateway sends the download to blob-service with a signed link.
            String location = resp.headers().firstValue("Location").orElse(null);
            if (location == null) {
                break;
            }
            discard(resp);
            resp = send(transferRequest(req.uri().resolve(location))
                    .timeout(TRANSFER_TIMEOUT)
                    .header("Accept", "application/octet-stream, application/problem+json")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        if (resp.statusCode() != 200) {
            String text;
            try (InputStream in = resp.body()) {
                text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            throw problem(resp, text);
        }
        HttpResponse<InputStream> answer = resp;
        String served = answer.headers().firstValue(CHECKSUM_HEADER)
                .or(() -> answer.headers().firstValue("ETag").map(ImageRepoClient::stripEtag))
                .orElse(null);
        String expected = image.sha256() != null ? image.sha256() : served;
        long total = answer.headers().firstValueAsLong("Content-Length").orElse(image.size() == null ? -1 : image.size());
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
                + ".part");
        boolean ok = false;
        try {
            MessageDigest md = sha256();
            long count = 0;
            try (InputStream in = resp.body();
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[BUFFER];
                int n;
                progress.progress(0, total);
                while ((n = in.read(buf)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    count += n;
                    progress.progress(count, total);
                }
            } catch (IOException e) {
                throw new ImageRepoException(ImageRepoException.Kind.IO, "download of image " + image.imgId()
                        + " failed after " + count + " bytes: " + describe(e), e);
            }
            if (total >= 0 && count != total) {
                throw new ImageRepoException(ImageRepoException.Kind.IO, "download of image " + image.imgId()
                        + " was cut off after " + count + " of " + total + " bytes");
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (expected == null) {
                throw new ImageRepoException(ImageRepoException.Kind.CHECKSUM_MISMATCH, "the repository has no "
                        + "checksum for image " + image.imgId() + "; refusing to keep bytes that cannot be verified");
            }
            if (!expected.equalsIgnoreCase(actual)) {
                throw new ChecksumMismatchException("checksum mismatch downloading image " + image.imgId() + ": expected sha256 "
                        + expected + ", received " + actual + "; nothing was written to " + target, expected, actual);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
            return target;
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot write " + target + ": " + describe(e), e);
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            progress.finished(ok);
        }
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void discard(HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            in.skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
            // the connection is dropped instead
        }
    }

    /**
     * A request to {@code pathAndQuery} (relative to the base URI) carrying the caller's identity: the one place
     * where the token is attached. It is asked for per request, so a long wait (awaitAvailable) gets fresh ones.
     */
    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", USER_AGENT);
        return authenticate(b);
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

    private HttpResponse<String> send(HttpRequest req) {
        return send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
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
                    + " (" + req.method() + " " + req.uri().getPath() + "): " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while talking to imagerepo", e);
        }
    }

    private ImageRepoException unreachable(Exception e) {
        return new ImageRepoException(ImageRepoException.Kind.UNREACHABLE, "cannot reach imagerepo at " + baseUri
                + ": is the stack running? (bin/stack up)", e);
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private <T> HttpResponse<T> expect(HttpResponse<T> resp, int... statuses) {
        for (int s : statuses) {
            if (resp.statusCode() == s) {
                return resp;
            }
        }
        Object body = resp.body();
        throw problem(resp, body instanceof String s ? s : "");
    }

    /** The exception for an unexpected answer; a problem document's {@code detail} becomes its message. */
    private static ImageRepoException problem(HttpResponse<?> resp, String body) {
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
                    type = optText(node, "type").map(ImageRepoClient::safeUri).orElse(null);
                    title = optText(node, "title").orElse(null);
                    detail = optText(node, "detail").or(() -> optText(node, "message")).orElse(null);
                }
            } catch (JsonProcessingException ignored) {
                // not JSON after all: fall through to the text
            }
        }
        if ((detail == null || detail.isBlank()) && status == 401) {
            // A bare 401 may still say why in its challenge: Bearer error="invalid_token", error_description="…"
            detail = resp.headers().firstValue("WWW-Authenticate").map(ImageRepoClient::challengeDescription)
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
                    optLong(problem, "usedBytes"), optLong(problem, "reservedBytes"), optLong(problem, "requestedBytes"));
        }
        return ImageRepoException.fromProblem(status, type, title, detail);
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

    private static String reason(int status) {
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

    private static <T> T readJson(HttpResponse<String> resp, Class<T> type) {
        try {
            return Json.mapper().readValue(resp.body(), type);
        } catch (JsonProcessingException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "unreadable answer from imagerepo to "
                    + resp.request().method() + " " + resp.request().uri().getRawPath() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * A list answer: a bare JSON array, or an object holding the rows under {@code items} or {@code name} (e.g.
     * {@code images}) with their number in all under {@code total} or {@code count}.
     */
    private static <T> Page<T> readPage(HttpResponse<String> resp, Class<T> type, String name) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(resp.body());
        } catch (JsonProcessingException e) {
            throw unreadable(resp, e.getOriginalMessage(), e);
        }
        JsonNode rows = root == null ? null : root.isArray() ? root
                : root.has(name) ? root.get(name) : root.get("items");
        if (rows == null || !rows.isArray()) {
            throw unreadable(resp, "expected a list of " + name, null);
        }
        List<T> items;
        try {
            JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, type);
            items = Json.mapper().convertValue(rows, listType);
        } catch (IllegalArgumentException e) {
            throw unreadable(resp, e.getMessage(), e);
        }
        JsonNode total = root.isObject() ? (root.has("total") ? root.get("total") : root.get("count")) : null;
        return new Page<>(total != null && total.canConvertToLong() ? total.asLong() : items.size(),
                intOrNull(root, "limit"), intOrNull(root, "offset"), items);
    }

    private static <T> List<T> readList(HttpResponse<String> resp, Class<T> type, String name) {
        return readPage(resp, type, name).items();
    }

    private static Integer intOrNull(JsonNode node, String field) {
        JsonNode v = node.isObject() ? node.get(field) : null;
        return v != null && v.canConvertToInt() ? v.asInt() : null;
    }

    private static ImageRepoException unreadable(HttpResponse<?> resp, String why, Throwable cause) {
        return new ImageRepoException(ImageRepoException.Kind.IO, "unreadable answer from imagerepo to "
                + resp.request().method() + " " + resp.request().uri().getRawPath() + ": " + why, cause);
    }

    /** A query string of the parameters that are given ({@code null}s are left out), each encoded. */
    private static final class Params {
        private final StringBuilder query = new StringBuilder();

        Params add(String name, Object value) {
            if (value != null && !(value instanceof String str && str.isBlank())) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(encode(String.valueOf(value).strip()));
            }
            return this;
        }

        @Override
        public String toString() {
            return query.toString();
        }
    }

    private static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String imagePath(String id) {
        if (id == null || id.isBlank()) {
            throw new BadRequestException(0, null, null, "an image id is required");
        }
        return IMAGES + "/" + encode(id);
    }

    private static String userPath(String username) {
        return USERS + "/" + namePath(username, "user");
    }

    private static String namePath(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new BadRequestException(0, null, null, "a " + what + " name is required");
        }
        return encode(name.strip());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripEtag(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static long sizeOf(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ImageRepoException(ImageRepoException.Kind.IO, Files.exists(file)
                        ? file + " is not a regular file" : "no such file: " + file);
            }
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "no such file: " + file, e);
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot read " + file + ": " + describe(e), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    private static String version() {
        String v = ImageRepoClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String toString() {
        return "ImageRepoClient[" + baseUri + "]";
    }

    /** Reads a file while counting the bytes and computing their digest, reporting progress. */
    private static final class CountingDigestInputStream extends FilterInputStream {
        final MessageDigest digest;
        final ProgressListener progress;
        final long total;
        final AtomicReference<IOException> failure;
        long count;

        CountingDigestInputStream(InputStream in, MessageDigest digest, ProgressListener progress, long total,
                                  AtomicReference<IOException> failure) {
            super(in);
            this.digest = digest;
            this.progress = progress;
            this.total = total;
            this.failure = failure;
            progress.progress(0, total);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                failure.set(e);
                throw e;
            }
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
                progress.progress(count, total);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0; // never skip: every byte must pass through the digest
        }
    }

    /** Builds an {@link ImageRepoClient}. */
    public static final class Builder {
        private URI baseUri = URI.create(DEFAULT_URL);
        private TokenSource tokens;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration pollInterval = Duration.ofMillis(500);

        private Builder() {
        }

        /** The repository's base URL, e.g. {@code http://127.0.0.1:8080} (default {@value #DEFAULT_URL}). */
        public Builder baseUri(String baseUri) {
            return baseUri(URI.create(Objects.requireNonNull(baseUri, "baseUri").strip()));
        }

        /** The repository's base URL, e.g. {@code http://127.0.0.1:8080} (default {@value #DEFAULT_URL}). */
        public Builder baseUri(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = baseUri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || baseUri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL: " + baseUri
                        + " (expected something like " + DEFAULT_URL + ")");
            }
            String s = baseUri.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.baseUri = URI.create(s);
            return this;
        }

        /**
         * Where the access token of each request comes from ({@link CachedTokenSource} for the sign-in saved by
         * {@code imagerepo login}, {@link TokenSource#of} for a token of your own). Without one, requests carry no
         * token and the gateway answers 401 to all but the public routes.
         */
        public Builder tokens(TokenSource tokens) {
            this.tokens = tokens;
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long to wait for the answer to a metadata request (default 60 s; uploads and downloads are
         * bounded by the upload's own pace, not by this). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** The longest pause between two polls in {@link #awaitAvailable} (default 500 ms). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval);
            return this;
        }

        public ImageRepoClient build() {
            return new ImageRepoClient(this);
        }
    }
}

package org.imagerepo.blob.storage.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BoundedInputStream;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.Capability;
import org.imagerepo.blob.storage.FailureTranslatingInputStream;
import org.imagerepo.blob.storage.IncompleteDataException;
import org.imagerepo.blob.storage.ObjectExistsException;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.ObjectStat;
import org.imagerepo.blob.storage.PendingCleanups;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;
import org.imagerepo.blob.storage.UploadStream;
import org.openstack4j.core.transport.HttpResponse;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Images as objects in an OpenStack Swift container, through OpenStack4j. Locations look like
 * {@code swift:///<container>/<key>}: no host, no account, no credentials, so the cluster and its
 * credentials can change without touching the catalog.
 *
 * <p>An upload no larger than {@code segment-size} is one object. A larger one (or one of unknown size)
 * goes as segments of {@code segment-size} into {@code <container>_segments}, each streamed straight from
 * the upload, then a static large object (SLO) manifest makes it visible at once under its key; Swift
 * checks every segment's size and MD5 against the manifest. A failed upload removes the segments it wrote,
 * or, while Swift is unreachable, as soon as it is back ({@link PendingCleanups}).
 */
public class SwiftBlobStore implements BlobStore {

    public static final String KIND = "swift";
    /** Swift's default max_manifest_segments: the most segments one manifest may list. */
    public static final int MAX_SEGMENTS = 1000;
    private static final String PREFIX = KIND + ":///";
    // Keys go into URLs unencoded (see SwiftApi): URL-safe characters only.
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> CREATE_ONLY = Map.of("If-None-Match", "*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SwiftSettings settings;
    private final SwiftConnection swift;
    private final PendingCleanups cleanups = new PendingCleanups();
    private volatile boolean containersReady;

    public SwiftBlobStore(SwiftSettings settings) {
        this.settings = settings;
        this.swift = new SwiftConnection(settings);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        // Swift serves ranges of static large objects too, across segment boundaries.
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public String locationOf(String key) {
        checkKey(key);
        return PREFIX + settings.container() + "/" + key;
    }

    /** The settings this store runs with (the key stays inside). */
    public SwiftSettings settings() {
        return settings;
    }

    /**
     * Authenticates and creates the containers if they are missing.
     *
     * @throws SwiftConnection.CredentialsRejectedException when Swift or Keystone refuses the credentials
     */
    void prepare() {
        swift.authenticate();
        if (!containersReady) {
            createContainer(settings.container());
            createContainer(settings.segmentContainer());
            containersReady = true;
        }
    }

    @Override
    public StoredObject put(String key, InputStream data, long expectedSize) {
        String location = locationOf(key);
        cleanups.retry();
        prepare();
        // Checked first so that a duplicate fails before gigabytes are sent. Two uploads of one key can
        // still race past it: the final PUT is create-only (If-None-Match: *), so the later one fails.
        if (exists(settings.container(), key)) {
            throw new ObjectExistsException("an object is already stored under " + key);
        }
        if (expectedSize > MAX_SEGMENTS * settings.segmentSize()) {
            throw new StorageException("an upload of " + expectedSize + " bytes needs more than " + MAX_SEGMENTS
                    + " segments of " + settings.segmentSize() + " bytes: raise " + SwiftSettings.SEGMENT_SIZE);
        }
        UploadStream upload = new UploadStream(data, expectedSize);
        long size = expectedSize >= 0 && expectedSize <= settings.segmentSize()
                ? putWhole(key, upload)
                : putSegmented(key, upload);
        return new StoredObject(location, size);
    }

    /** One object; Swift keeps nothing of a PUT whose body breaks off. */
    private long putWhole(String key, UploadStream upload) {
        MessageDigest md5 = md5();
        InputStream body = new DigestInputStream(upload, md5);
        String what = "the upload of " + key;
        HttpResponse response;
        try {
            response = swift.upload(what, api -> api.putObject(settings.container(), key, body, CREATE_ONLY, Map.of()),
                    () -> upload.count() == 0);
        } catch (StorageUnavailableException e) {
            if (upload.count() > 0 && upload.count() == upload.expectedSize()) {
                // All bytes were sent: Swift may have stored the object before the connection broke.
                cleanups.runOrKeep(what, () -> deleteIfPresent(settings.container(), key));
            }
            throw e;
        }
        checkCreated(what, response, key);
        checkEtag(what, response, md5, () -> deleteIfPresent(settings.container(), key));
        return upload.count();
    }

    private long putSegmented(String key, UploadStream upload) {
        String what = "the upload of " + key;
        // Each attempt has its own segment names: a retry never touches another attempt's segments.
        String prefix = key + "/" + UUID.randomUUID() + "/";
        PushbackInputStream source = new PushbackInputStream(upload, 1);
        List<Segment> segments = new ArrayList<>();
        String inFlight = null;
        boolean manifestSent = false;
        try {
            while (hasMore(source)) {
                if (segments.size() == MAX_SEGMENTS) {
                    throw new StorageException("the upload of " + key + " is larger than " + MAX_SEGMENTS
                            + " segments of " + settings.segmentSize() + " bytes: raise " + SwiftSettings.SEGMENT_SIZE);
                }
                inFlight = prefix + String.format("%08d", segments.size() + 1);
                segments.add(putSegment(inFlight, source, upload));
                inFlight = null;
            }
            if (segments.isEmpty()) {
                return putWhole(key, upload); // an empty stream: a manifest cannot list empty segments
            }
            manifestSent = true;
            putManifest(key, segments);
            return segments.stream().mapToLong(Segment::size).sum();
        } catch (RuntimeException e) {
            removeSegments(what, segments, inFlight, manifestSent && e instanceof StorageUnavailableException ? key : null);
            throw e;
        }
    }

    /** Looks one byte ahead (and puts it back): does the upload go on? */
    private static boolean hasMore(PushbackInputStream source) {
        try {
            int next = source.read();
            if (next < 0) {
                return false;
            }
            source.unread(next);
            return true;
        } catch (IOException e) {
            throw new IncompleteDataException("the upload stream failed: " + e.getMessage(), e);
        }
    }

    /** Streams the next {@code segment-size} bytes (or what is left) of the upload into one segment. */
    private Segment putSegment(String name, PushbackInputStream source, UploadStream upload) {
        long start = upload.count() - 1; // the byte read to look ahead was pushed back: it is this segment's first
        MessageDigest md5 = md5();
        InputStream body = new DigestInputStream(new BoundedInputStream(source, settings.segmentSize()), md5) {
            @Override
            public void close() {
                // the HTTP client closes what it sent; the next segment reads on from the same source
            }
        };
        String what = "segment " + name;
        HttpResponse response = swift.upload(what,
                api -> api.putObject(settings.segmentContainer(), name, body, Map.of(), Map.of()),
                () -> upload.count() == start + 1);
        checkCreated(what, response, name);
        String etag = checkEtag(what, response, md5, () -> deleteIfPresent(settings.segmentContainer(), name));
        return new Segment(name, etag, upload.count() - start);
    }

    /** The SLO manifest: visible only now, all segments at once; Swift checks their sizes and ETags. */
    private void putManifest(String key, List<Segment> segments) {
        ArrayNode manifest = JSON.createArrayNode();
        for (Segment s : segments) {
            manifest.addObject()
                    .put("path", "/" + settings.segmentContainer() + "/" + s.name())
                    .put("etag", s.etag())
                    .put("size_bytes", s.size());
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new StorageException("cannot write the manifest of " + key, e);
        }
        String what = "the manifest of " + key;
        HttpResponse response = swift.call(what, api -> api.putObject(settings.container(), key,
                new ByteArrayInputStream(body), CREATE_ONLY, Map.of("multipart-manifest", "put")));
        checkCreated(what, response, key);
        SwiftConnection.close(response);
    }

    private void checkCreated(String what, HttpResponse response, String name) {
        int status = response.getStatus();
        if (status == 201) {
            return;
        }
        if (status == 412) {
            SwiftConnection.close(response);
            throw new ObjectExistsException("an object is already stored under " + name);
        }
        if (status == 404) {
            SwiftConnection.close(response);
            containersReady = false; // deleted behind our back: made again on the next upload
            throw new StorageUnavailableException("the Swift container of " + name + " is gone (" + what
                    + "); it is created again on the next upload");
        }
        throw swift.failure(what, response);
    }

    /** Swift's ETag of a plain object is the MD5 of what it stored: it must be what we sent. */
    private String checkEtag(String what, HttpResponse response, MessageDigest md5, PendingCleanups.Cleanup undo) {
        String sent = HexFormat.of().formatHex(md5.digest());
        String etag = unquote(response.header("ETag"));
        SwiftConnection.close(response);
        if (!sent.equalsIgnoreCase(etag)) {
            cleanups.runOrKeep(what + " with a wrong ETag", undo);
            throw new IncompleteDataException("Swift stored other bytes than were sent for " + what
                    + " (MD5 " + sent + ", ETag " + etag + ")");
        }
        return sent;
    }

    /**
     * Removes what a failed upload wrote, now or once Swift answers again. {@code manifestKey} is set when
     * the manifest PUT itself failed in transit, so that it may have been stored.
     */
    private void removeSegments(String what, List<Segment> segments, String inFlight, String manifestKey) {
        List<String> names = new ArrayList<>(segments.stream().map(Segment::name).toList());
        if (inFlight != null) {
            names.add(inFlight); // its PUT may have completed before the failure
        }
        if (names.isEmpty()) {
            return;
        }
        cleanups.runOrKeep("the " + names.size() + " segment(s) of " + what, () -> {
            if (manifestKey != null) {
                deleteIfPresent(settings.container(), manifestKey);
            }
            for (String name : names) {
                deleteIfPresent(settings.segmentContainer(), name);
            }
        });
    }

    @Override
    public InputStream open(String location, ByteRange range) {
        ObjectName object = parse(location);
        String what = "the read of " + location;
        Map<String, String> headers = range == null ? Map.of()
                : Map.of("Range", "bytes=" + range.first() + "-" + range.last());
        HttpResponse response = swift.call(what, api -> api.getObject(object.container(), object.name(), headers));
        int status = response.getStatus();
        if (status == 404) {
            SwiftConnection.close(response);
            throw new ObjectNotFoundException("nothing is stored at " + location);
        }
        if (status == 416) {
            SwiftConnection.close(response);
            throw new StorageException("the range " + range.first() + "-" + range.last() + " lies beyond the end of "
                    + location);
        }
        boolean whole = status == 200 && (range == null || range.first() == 0);
        if (!whole && status != 206) {
            throw swift.failure(what, response);
        }
        InputStream body = response.getInputStream();
        InputStream content = new FilterInputStream(body == null ? InputStream.nullInputStream() : body) {
            @Override
            public void close() {
                // Closing the response drops the connection unless the body was read to its end: never
                // reads the rest of a large object nobody wants any more.
                SwiftConnection.close(response);
            }
        };
        if (range != null && status == 200) {
            content = new BoundedInputStream(content, range.length());
        }
        return new FailureTranslatingInputStream(content, e -> swift.failure(what, e));
    }

    @Override
    public Optional<ObjectStat> stat(String location) {
        ObjectName object = parse(location);
        return head(object.container(), object.name()).map(response -> {
            try {
                long size = Long.parseLong(response.header("Content-Length"));
                return new ObjectStat(location, size, lastModified(response.header("Last-Modified")));
            } catch (NumberFormatException e) {
                throw new StorageException("Swift gave no size for " + location, e);
            } finally {
                SwiftConnection.close(response);
            }
        });
    }

    @Override
    public boolean delete(String location) {
        ObjectName object = parse(location);
        Optional<HttpResponse> found = head(object.container(), object.name());
        if (found.isEmpty()) {
            return false;
        }
        boolean large = "true".equalsIgnoreCase(found.get().header("X-Static-Large-Object"));
        SwiftConnection.close(found.get());
        return large ? deleteLarge(location, object) : deleteIfPresent(object.container(), object.name());
    }

    /** The manifest and all its segments, in one request (SLO answers 200 with a report in the body). */
    private boolean deleteLarge(String location, ObjectName object) {
        String what = "the deletion of " + location;
        HttpResponse response = swift.call(what, api -> api.deleteObject(object.container(), object.name(),
                Map.of("multipart-manifest", "delete")));
        if (response.getStatus() != 200) {
            if (response.getStatus() == 404) {
                SwiftConnection.close(response);
                return false;
            }
            throw swift.failure(what, response);
        }
        JsonNode report = readJson(what, response);
        String status = report.path("Response Status").asText("");
        if (status.startsWith("2")) {
            return report.path("Number Deleted").asLong() > 0;
        }
        if (status.startsWith("404")) {
            return false;
        }
        String message = "Swift could not delete all of " + location + ": " + status + " " + report.path("Errors");
        throw status.startsWith("5") ? new StorageUnavailableException(message) : new StorageException(message);
    }

    @Override
    public void checkReady() {
        try {
            cleanups.retry();
            prepare();
            if (!exists(settings.container(), null)) {
                containersReady = false;
                throw new StorageUnavailableException("the Swift container " + settings.container()
                        + " is gone; it is created again on the next check or upload");
            }
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (StorageException e) {
            throw new StorageUnavailableException("Swift cannot serve now: " + e.getMessage(), e);
        }
    }

    /**
     * Segments that no stored object owns: left by failed uploads while Swift was unreachable, until they
     * are removed (for tests and metrics). Lists the whole segment container.
     */
    public long partialSegments() {
        long partial = 0;
        Map<String, Boolean> owned = new HashMap<>();
        String marker = null;
        while (true) {
            String after = marker;
            String what = "the listing of " + settings.segmentContainer();
            HttpResponse response = swift.call(what, api -> api.listObjects(settings.segmentContainer(), null, after));
            if (response.getStatus() == 404 || response.getStatus() == 204) {
                SwiftConnection.close(response);
                return partial;
            }
            if (response.getStatus() != 200) {
                throw swift.failure(what, response);
            }
            JsonNode page = readJson(what, response);
            if (page.isEmpty()) {
                return partial;
            }
            for (JsonNode entry : page) {
                marker = entry.path("name").asText();
                String owner = marker.substring(0, Math.max(0, marker.indexOf('/')));
                if (owner.isEmpty() || !owned.computeIfAbsent(owner, k -> exists(settings.container(), k))) {
                    partial++;
                }
            }
        }
    }

    /**
     * HEAD of an object ({@code name}) or of the container ({@code name == null}): the open response when
     * it exists (the caller closes it), empty on 404.
     */
    private Optional<HttpResponse> head(String container, String name) {
        String what = "the lookup of " + container + (name == null ? "" : "/" + name);
        HttpResponse response = swift.call(what, name == null
                ? api -> api.headContainer(container)
                : api -> api.headObject(container, name));
        int status = response.getStatus();
        if (status == 404) {
            SwiftConnection.close(response);
            return Optional.empty();
        }
        if (status / 100 != 2) {
            throw swift.failure(what, response);
        }
        return Optional.of(response);
    }

    /** The JSON body of a response, which is closed. */
    private JsonNode readJson(String what, HttpResponse response) {
        try (InputStream in = response.getInputStream()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw swift.failure(what, e);
        } finally {
            SwiftConnection.close(response);
        }
    }

    private boolean exists(String container, String name) {
        Optional<HttpResponse> found = head(container, name);
        found.ifPresent(SwiftConnection::close);
        return found.isPresent();
    }

    private boolean deleteIfPresent(String container, String name) {
        String what = "the deletion of " + container + "/" + name;
        HttpResponse response = swift.call(what, api -> api.deleteObject(container, name, Map.of()));
        int status = response.getStatus();
        SwiftConnection.close(response);
        if (status == 404) {
            return false;
        }
        if (status / 100 != 2) {
            throw swift.failure(what, response);
        }
        return true;
    }

    private void createContainer(String container) {
        String what = "creating the container " + container;
        HttpResponse response = swift.call(what, api -> api.putContainer(container));
        if (response.getStatus() / 100 != 2) {
            throw swift.failure(what, response);
        }
        SwiftConnection.close(response);
    }

    private ObjectName parse(String location) {
        if (location == null || !location.startsWith(PREFIX)) {
            throw new StorageException("not a location of a Swift store: " + location);
        }
        String path = location.substring(PREFIX.length());
        int slash = path.indexOf('/');
        String container = slash < 0 ? "" : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        // Any container of the account: images stay readable after imagerepo.blob.swift.container changes.
        if (!SwiftSettings.isContainerName(container)) {
            throw new StorageException("malformed Swift location: " + location);
        }
        checkKey(key);
        return new ObjectName(container, key);
    }

    private static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new StorageException("invalid object key '" + key + "'");
        }
    }

    private static Instant lastModified(String header) {
        try {
            return header == null ? Instant.EPOCH : ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // Swift's ETag, not a security measure
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Segment(String name, String etag, long size) {
    }

    private record ObjectName(String container, String name) {
    }
}

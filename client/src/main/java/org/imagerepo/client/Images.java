package org.imagerepo.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog's images ({@code /api/v1/images}): registering, finding, changing and removing them, their bytes
 * (uploads and downloads, streamed and checked against their SHA-256) and their copies in the stores.
 * From {@link ImageRepoClient#images()}.
 */
public final class Images {

    private final Transport transport;
    private final Users users;
    private final Duration pollInterval;

    Images(Transport transport, Users users, Duration pollInterval) {
        this.transport = transport;
        this.users = users;
        this.pollInterval = pollInterval;
    }

    // ------------------------------------------------------------------------------------------------ catalog

    /** Registers a new image (status {@code pending} until its bytes are uploaded). */
    public Image register(NewImage image) {
        Objects.requireNonNull(image, "image");
        return transport.call(transport.jsonRequest("POST", ApiPaths.IMAGES, image), Image.class, 201, 200);
    }

    /** The image with id {@code id}; {@link NotFoundException} if there is none the user may see. */
    public Image show(String id) {
        return transport.call(transport.request(ApiPaths.image(id)), Image.class, 200);
    }

    /** The image with a copy at {@code uri} (its {@code imgURI} or another of its {@code locations}). */
    public Image showAt(String uri) {
        Objects.requireNonNull(uri, "uri");
        return transport.call(transport.request(ApiPaths.IMAGES + "/by-location?uri=" + ApiPaths.encode(uri)),
                Image.class, 200);
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
        StringBuilder path = new StringBuilder(ApiPaths.IMAGES);
        char sep = '?';
        if (query != null) {
            path.append(sep).append("q=").append(ApiPaths.encode(query));
            sep = '&';
        }
        if (limit != null) {
            path.append(sep).append("limit=").append(limit);
            sep = '&';
        }
        if (offset != null) {
            path.append(sep).append("offset=").append(offset);
        }
        return transport.call(transport.request(path.toString()), QueryResult.class, 200);
    }

    /**
     * Changes the given fields, e.g. {@code Map.of("os", "centos", "tag", List.of("a", "b"))}; returns the image
     * as it is afterwards.
     */
    public Image modify(String id, Map<String, ?> changes) {
        Objects.requireNonNull(changes, "changes");
        return transport.call(transport.jsonRequest("PATCH", ApiPaths.image(id), changes), Image.class, 200);
    }

    /** Removes the image and its bytes. */
    public void remove(String id) {
        transport.call(transport.request(ApiPaths.image(id)).DELETE(), 204, 200, 202);
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
                        + " is still " + img.imgStatus() + " after " + Describe.duration(timeout));
            }
            pause(Math.max(1, Math.min(sleep, left / 1_000_000)), id);
            sleep = Math.min(sleep * 2, pollInterval.toMillis());
        }
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
        return new Upload(transport, users::whoami, id, file, listener).run();
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
        Image image = show(id);
        String path = ApiPaths.image(id) + "/file" + (store == null ? "" : "?store=" + ApiPaths.encode(store));
        return new Download(transport, image, path, target, listener).run();
    }

    /**
     * {@link #download(String, Path, ProgressListener)} of the copy at {@code uri} (the paper's retrieval by
     * URI: an image's {@code imgURI} or another of its {@code locations}).
     */
    public Path downloadAt(String uri, Path target, ProgressListener listener) {
        Image image = showAt(uri);
        return new Download(transport, image, "/api/v1/files?uri=" + ApiPaths.encode(uri), target, listener).run();
    }

    // ------------------------------------------------------------------------------------------------ copies

    /**
     * Copies the image's bytes into another store of the repository ({@code fs}, {@code gridfs}, {@code s3},
     * {@code swift}: whichever blob-service is configured with) and waits until the catalog lists the new
     * location, so that a download from {@code store} works when this returns.
     */
    public CopyResult copy(String id, String store, Duration timeout) {
        Objects.requireNonNull(store, "store");
        CopyResult result = transport.call(transport.jsonRequest("POST", ApiPaths.image(id) + "/locations",
                        Map.of("store", store))
                .timeout(Transport.TRANSFER_TIMEOUT), // the copy streams every byte before the answer
                CopyResult.class, 201, 200);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!show(id).locations().contains(result.location())) {
            if (System.nanoTime() > deadline) {
                throw new ImageRepoException(ImageRepoException.Kind.TIMEOUT, "the copy of image " + id + " in "
                        + store + " is stored but the catalog did not list it within " + Describe.duration(timeout));
            }
            pause(Math.min(200, pollInterval.toMillis()), id);
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
        transport.call(transport.request(ApiPaths.image(id) + "/locations?uri=" + ApiPaths.encode(location.strip()))
                .DELETE(), 204, 200, 202);
    }

    /**
     * Reads every copy of the image's bytes in its store and compares its size and SHA-256 with the catalog's
     * (owner or admin). Reads, and so takes as long as a download of each copy; not counted as an access.
     */
    public Verification verify(String id) {
        return transport.call(transport.emptyRequest("POST", ApiPaths.image(id) + "/verification")
                .timeout(Transport.TRANSFER_TIMEOUT), // every copy is read before the answer
                Verification.class, 200);
    }

    private static void pause(long millis, String id) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while waiting for image " + id, e);
        }
    }
}

package org.imagerepo.triggers;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.imagerepo.triggers.port.CopyCheck;
import org.imagerepo.triggers.port.NoSuchImageException;
import org.imagerepo.triggers.port.Repository;
import org.imagerepo.triggers.port.RepositoryException;
import org.imagerepo.triggers.port.RepositoryImage;
import org.imagerepo.vocabulary.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The repository port in memory: the narrow unit stand-in for the gateway (which the end-to-end tests drive for
 * real), so that the rules' logic is tested against the real database and the real broker. Records every call.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class InMemoryRepository implements Repository {

    private final Map<String, RepositoryImage> images = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> copyFailures = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stopAfterCopy = new ConcurrentHashMap<>();
    private final Map<String, CopyCheck> damaged = new ConcurrentHashMap<>();
    private final List<String> verified = new CopyOnWriteArrayList<>();
    private final List<String> copies = new CopyOnWriteArrayList<>();
    private final List<String> removedLocations = new CopyOnWriteArrayList<>();
    private final List<String> removed = new CopyOnWriteArrayList<>();
    private final List<String> markedFailed = new CopyOnWriteArrayList<>();

    // Methods, not fields: tests see this bean through its client proxy.
    public List<String> copies() {
        return List.copyOf(copies);
    }

    public List<String> removed() {
        return List.copyOf(removed);
    }

    public List<String> markedFailed() {
        return List.copyOf(markedFailed);
    }

    /** The images whose copies were read back, once per verification. */
    public List<String> verified() {
        return List.copyOf(verified);
    }

    /** Reading the copy at {@code location} back finds {@code status} from now on; every other copy is intact. */
    public void damage(String location, CopyCheck.Status status, String detail) {
        damaged.put(location, new CopyCheck(location, status, detail));
    }

    public void put(RepositoryImage image) {
        images.put(image.id(), image);
    }

    public Optional<RepositoryImage> get(String id) {
        return Optional.ofNullable(images.get(id));
    }

    /** The next {@code times} copies of image {@code id} fail. */
    public void failCopies(String id, int times) {
        copyFailures.put(id, new AtomicInteger(times));
    }

    /**
     * The next copy of image {@code id} lands, and then the caller is stopped before it hears so: as if the service
     * were killed between the copy and writing that it was made.
     */
    public void stopAfterNextCopy(String id) {
        stopAfterCopy.put(id, true);
    }

    /** An available image of {@code owner}, registered {@code age} ago, never accessed, with one copy in fs. */
    public static RepositoryImage available(String id, String owner, Duration age, String... tags) {
        return new RepositoryImage(id, "img-" + id.substring(0, 8), owner, ImageStatus.AVAILABLE.wire(), "test image",
                List.of(tags), Instant.now().minus(age), null, List.of("fs://images/" + id));
    }

    /** An available image of {@code owner}, registered {@code age} ago, never accessed, with these copies. */
    public static RepositoryImage availableAt(String id, String owner, Duration age, String... locations) {
        return new RepositoryImage(id, "img-" + id.substring(0, 8), owner, ImageStatus.AVAILABLE.wire(), "test image",
                List.of(), Instant.now().minus(age), null, List.of(locations));
    }

    public static RepositoryImage withStatus(String id, String owner, String status, Duration age) {
        return new RepositoryImage(id, "img-" + id.substring(0, 8), owner, status, null, List.of(),
                Instant.now().minus(age), null, List.of());
    }

    public void accessed(String id, Instant at) {
        RepositoryImage i = images.get(id);
        put(new RepositoryImage(i.id(), i.name(), i.owner(), i.status(), i.description(), i.tags(), i.createdDate(), at,
                i.locations()));
    }

    @Override
    public Optional<RepositoryImage> find(String imageId) {
        return get(imageId);
    }

    @Override
    public List<RepositoryImage> page(int offset, int limit) {
        List<RepositoryImage> all = images.values().stream()
                .sorted((a, b) -> a.id().compareTo(b.id())).toList();
        return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
    }

    @Override
    public String copy(String imageId, String store, Duration timeout) {
        RepositoryImage image = require(imageId);
        AtomicInteger failures = copyFailures.get(imageId);
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new RepositoryException("copying image " + imageId + " to " + store + " failed: store unavailable");
        }
        String location = store + "://copies/" + imageId;
        List<String> locations = new ArrayList<>(image.locations());
        locations.add(location);
        put(new RepositoryImage(image.id(), image.name(), image.owner(), image.status(), image.description(), image.tags(),
                image.createdDate(), image.lastAccess(), locations));
        copies.add(imageId + "->" + store);
        if (stopAfterCopy.remove(imageId) != null) {
            throw new IllegalStateException("simulated stop after copying image " + imageId + " to " + store);
        }
        return location;
    }

    @Override
    public void removeLocation(String imageId, String location) {
        RepositoryImage image = require(imageId);
        List<String> locations = new ArrayList<>(image.locations());
        if (!locations.remove(location)) {
            throw new RepositoryException("image " + imageId + " has no copy at " + location);
        }
        put(new RepositoryImage(image.id(), image.name(), image.owner(), image.status(), image.description(), image.tags(),
                image.createdDate(), image.lastAccess(), locations));
        removedLocations.add(location);
    }

    @Override
    public List<CopyCheck> verify(String imageId) {
        RepositoryImage image = require(imageId);
        verified.add(imageId);
        return image.locations().stream()
                .map(l -> damaged.getOrDefault(l, new CopyCheck(l, CopyCheck.Status.OK, null))).toList();
    }

    @Override
    public void markFailed(String imageId, String note) {
        RepositoryImage image = require(imageId);
        put(new RepositoryImage(image.id(), image.name(), image.owner(), ImageStatus.FAILED.wire(), note, image.tags(),
                image.createdDate(), image.lastAccess(), image.locations()));
        markedFailed.add(imageId);
    }

    @Override
    public void remove(String imageId) {
        if (images.remove(imageId) == null) {
            throw new NoSuchImageException(imageId, null);
        }
        removed.add(imageId);
    }

    private RepositoryImage require(String imageId) {
        RepositoryImage image = images.get(imageId);
        if (image == null) {
            throw new NoSuchImageException(imageId, null);
        }
        return image;
    }
}

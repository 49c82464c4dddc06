package org.imagerepo.catalog.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.domain.ImageStatus;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.catalog.repository.ImageStore.Change;
import org.imagerepo.catalog.rest.ImageView;
import org.imagerepo.catalog.rest.QueryResult;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.ImageRegistered;
import org.imagerepo.events.ImageUpdated;
import org.imagerepo.query.Query;
import org.imagerepo.query.QueryException;
import org.imagerepo.support.ProblemException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The catalog's rules: who sees and changes what, the status lifecycle, and the events they cause. */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);
    public static final int MAX_PAGE = 1000;

    @Inject
    ImageStore images;

    @Inject
    MetadataRules rules;

    public ImageView register(String user, Map<String, Object> metadata) {
        ImageEntity image = rules.newImage(UUID.randomUUID().toString(), user, now());
        rules.apply(image, metadata == null ? Map.of() : metadata, true);
        images.register(image, ImageRegistered.of(user, image.id, image.owner, image.name, image.permission));
        return ImageView.of(image);
    }

    public ImageView show(String user, String id) {
        return ImageView.of(images.find(id).filter(image -> isVisible(user, image)).orElseThrow(() -> notFound(id)));
    }

    public QueryResult query(String user, String text, int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw ProblemException.badRequest("invalid-page",
                    "limit must be between 1 and " + MAX_PAGE + " and offset must not be negative.");
        }
        Query query;
        try {
            query = Query.parse(text == null ? "*" : text, ImageField.QUERY_FIELDS);
        } catch (QueryException e) {
            throw ProblemException.badRequest("invalid-query", e.getMessage());
        }
        List<String> fields = query.fields().isEmpty()
                ? Arrays.stream(ImageField.values()).map(ImageField::wireName).toList()
                : query.fields();
        List<Map<String, Object>> rows = images.query(query, user, limit, offset).stream()
                .map(ImageView::of)
                .map(view -> project(view, fields))
                .toList();
        return new QueryResult(text == null ? "*" : text, fields, rows.size(), rows);
    }

    public ImageView modify(String user, String id, Map<String, Object> changes) {
        if (changes == null || changes.isEmpty()) {
            throw ProblemException.badRequest("empty-change",
                    "Nothing to change: send the fields to set, e.g. {\"os\": \"ubuntu\"}. Editable fields: "
                            + ImageField.editableNames() + ".");
        }
        return ImageView.of(ownersChange(user, id, "modify", image -> {
            Map<String, Object> applied = rules.apply(image, changes, false);
            return applied.isEmpty() ? Change.NONE : Change.announce(ImageUpdated.of(user, image.id, image.owner, applied));
        }));
    }

    public void remove(String user, String id) {
        ownersChange(user, id, "remove", image -> {
            if (ImageStatus.LOCKED.wire().equals(image.status)) {
                throw ProblemException.conflict("image-locked", "Image " + id
                        + " is locked and cannot be removed: unlock it first (modify " + id + " imgStatus=available).");
            }
            return Change.remove(ImageDeleted.of(user, image.id, image.owner, List.copyOf(image.locations),
                    image.size == null ? 0 : image.size));
        });
    }

    /**
     * The first BlobStored of an image completes its upload; a later one with the same checksum is a copy in
     * another store (ADR 6) and adds its location; one with another checksum cannot be the same image.
     */
    public void apply(BlobStored event) {
        images.update(event.imageId(), event.eventId(), image -> {
            if (!ImageStatus.parseWire(image.status).hasBytes()) {
                image.status = ImageStatus.AVAILABLE.wire();
                image.statusReason = null;
                image.size = event.size();
                image.sha256 = event.sha256();
                image.md5 = event.md5();
                image.imgUri = event.location();
                image.locations.clear();
                image.locations.add(event.location());
            } else if (!event.sha256().equals(image.sha256)) {
                LOG.errorf("refusing copy %s of image %s at %s: its sha256 %s differs from the image's %s",
                        event.eventId(), image.id, event.location(), event.sha256(), image.sha256);
            } else if (!image.locations.contains(event.location())) {
                image.locations.add(event.location());
            }
            return Change.NONE;
        }).ifPresentOrElse(image -> { }, () -> LOG.infof(
                "bytes stored for image %s, which is unknown (removed while uploading?) or already has them (event %s)",
                event.imageId(), event.eventId()));
    }

    public void apply(BlobFailed event) {
        images.update(event.imageId(), event.eventId(), image -> {
            if (ImageStatus.PENDING.wire().equals(image.status)) {
                image.status = ImageStatus.FAILED.wire();
                image.statusReason = truncate("upload failed: " + event.reason(), 1000);
            }
            return Change.NONE;
        });
    }

    public void apply(ImageAccessed event) {
        if (!event.wholeImage()) {
            return;
        }
        // Milliseconds: what every store keeps (MongoDB's dates), so all stores show the same time.
        if (!images.recordAccess(event.imageId(), event.eventId(), event.occurredAt().truncatedTo(ChronoUnit.MILLIS))) {
            LOG.debugf("access to unknown image %s, or counted before", event.imageId());
        }
    }

    /** Times at the precision every store keeps (MongoDB: milliseconds), so all stores show the same. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private ImageEntity ownersChange(String user, String id, String action, Function<ImageEntity, Change> change) {
        return images.update(id, null, image -> {
            if (!isVisible(user, image)) {
                throw notFound(id);
            }
            if (!image.owner.equals(user)) {
                throw ProblemException.forbidden("Only the owner (" + image.owner + ") can " + action + " image " + id + ".");
            }
            return change.apply(image);
        }).orElseThrow(() -> notFound(id));
    }

    private static boolean isVisible(String user, ImageEntity image) {
        return image.owner.equals(user) || "public".equals(image.permission);
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound(
                "No image with id '" + id + "' (or it is not visible to you). List yours with: imagerepo list");
    }

    private static Map<String, Object> project(ImageView view, List<String> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : fields) {
            row.put(name, ImageField.byWireName(name).orElseThrow().valueOf(view));
        }
        return row;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}

package org.imagerepo.catalog.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.domain.ImageStatus;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.catalog.repository.EventLedger;
import org.imagerepo.catalog.repository.ImageRepository;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The catalog's rules: who sees and changes what, the status lifecycle, and the events they cause. */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);
    public static final int MAX_PAGE = 1000;

    @Inject
    ImageRepository images;

    @Inject
    EventLedger ledger;

    @Inject
    MetadataRules rules;

    @Transactional
    public ImageView register(String user, Map<String, Object> metadata) {
        ImageEntity image = rules.newImage(UUID.randomUUID().toString(), user, Instant.now());
        rules.apply(image, metadata == null ? Map.of() : metadata, true);
        images.persist(image);
        ledger.announce(ImageRegistered.of(user, image.id, image.owner, image.name, image.permission));
        return ImageView.of(image);
    }

    @Transactional
    public ImageView show(String user, String id) {
        return ImageView.of(visible(user, id));
    }

    @Transactional
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
                ? java.util.Arrays.stream(ImageField.values()).map(ImageField::wireName).toList()
                : query.fields();
        List<Map<String, Object>> rows = images.query(query, user, limit, offset).stream()
                .map(ImageView::of)
                .map(view -> project(view, fields))
                .toList();
        return new QueryResult(text == null ? "*" : text, fields, rows.size(), rows);
    }

    @Transactional
    public ImageView modify(String user, String id, Map<String, Object> changes) {
        ImageEntity image = owned(user, id, "modify");
        if (changes == null || changes.isEmpty()) {
            throw ProblemException.badRequest("empty-change",
                    "Nothing to change: send the fields to set, e.g. {\"os\": \"ubuntu\"}. Editable fields: "
                            + ImageField.editableNames() + ".");
        }
        Map<String, Object> applied = rules.apply(image, changes, false);
        if (!applied.isEmpty()) {
            ledger.announce(ImageUpdated.of(user, image.id, image.owner, applied));
        }
        return ImageView.of(image);
    }

    @Transactional
    public void remove(String user, String id) {
        ImageEntity image = owned(user, id, "remove");
        if (ImageStatus.LOCKED.wire().equals(image.status)) {
            throw ProblemException.conflict("image-locked", "Image " + id
                    + " is locked and cannot be removed: unlock it first (modify " + id + " imgStatus=available).");
        }
        images.delete(image);
        ledger.announce(ImageDeleted.of(user, image.id, image.owner,
                image.imgUri == null ? List.of() : List.of(image.imgUri), image.size == null ? 0 : image.size));
    }

    @Transactional
    public void apply(BlobStored event) {
        if (!ledger.firstDelivery(event.eventId())) {
            return;
        }
        images.find(event.imageId()).ifPresentOrElse(image -> {
            if (ImageStatus.parseWire(image.status).hasBytes()) {
                LOG.warnf("ignoring %s: image %s already has its bytes", event.eventId(), image.id);
                return;
            }
            image.status = ImageStatus.AVAILABLE.wire();
            image.statusReason = null;
            image.size = event.size();
            image.sha256 = event.sha256();
            image.md5 = event.md5();
            image.imgUri = event.location();
        }, () -> LOG.warnf("bytes stored for unknown image %s (removed while uploading?)", event.imageId()));
    }

    @Transactional
    public void apply(BlobFailed event) {
        if (!ledger.firstDelivery(event.eventId())) {
            return;
        }
        images.find(event.imageId()).ifPresent(image -> {
            if (ImageStatus.PENDING.wire().equals(image.status)) {
                image.status = ImageStatus.FAILED.wire();
                image.statusReason = truncate("upload failed: " + event.reason(), 1000);
            }
        });
    }

    @Transactional
    public void apply(ImageAccessed event) {
        if (!event.wholeImage() || !ledger.firstDelivery(event.eventId())) {
            return;
        }
        if (!images.recordAccess(event.imageId(), event.occurredAt())) {
            LOG.debugf("access to unknown image %s", event.imageId());
        }
    }

    private ImageEntity visible(String user, String id) {
        return images.find(id)
                .filter(image -> image.owner.equals(user) || "public".equals(image.permission))
                .orElseThrow(() -> ProblemException.notFound(
                        "No image with id '" + id + "' (or it is not visible to you). List yours with: imagerepo list"));
    }

    private ImageEntity owned(String user, String id, String action) {
        ImageEntity image = visible(user, id);
        if (!image.owner.equals(user)) {
            throw ProblemException.forbidden("Only the owner (" + image.owner + ") can " + action + " image " + id + ".");
        }
        return image;
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

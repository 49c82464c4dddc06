package org.imagerepo.catalog.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.catalog.repository.ImageStore.Change;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobRemoved;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.ImageRegistered;
import org.imagerepo.events.ImageUpdated;
import org.imagerepo.query.Query;
import org.imagerepo.query.QueryException;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.vocabulary.ImageStatus;
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
    /** Past this, a group says it better (and keeps every image's row small). */
    static final int MAX_SHARES = 100;
    private static final java.util.regex.Pattern SHARE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._@-]+");

    @Inject
    ImageStore images;

    @Inject
    MetadataRules rules;

    public ImageEntity register(Caller caller, Map<String, Object> metadata) {
        String user = caller.username();
        ImageEntity image = rules.newImage(UUID.randomUUID().toString(), user, now());
        rules.apply(image, metadata == null ? Map.of() : metadata, true, false);
        images.register(image, ImageRegistered.of(user, image.id, image.owner, image.name, image.permission));
        return image;
    }

    public ImageEntity show(Caller caller, String id) {
        return images.find(id).filter(image -> isVisible(caller, image)).orElseThrow(() -> notFound(id));
    }

    /** The image with a copy at {@code location} (the paper's retrieval by URI), under the same visibility rule. */
    public ImageEntity showAt(Caller caller, String location) {
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("missing-location", "Say which image: ?uri=<its imgURI or one of its locations>.");
        }
        return images.idAt(location).flatMap(images::find).filter(image -> isVisible(caller, image))
                .orElseThrow(() -> new NotFoundException("No image at '" + location
                        + "' (or it is not visible to you). List yours with: imagerepo list"));
    }

    public QueryResult query(Caller caller, String text, int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new InvalidRequestException("invalid-page",
                    "limit must be between 1 and " + MAX_PAGE + " and offset must not be negative.");
        }
        Query query;
        try {
            query = Query.parse(text == null ? "*" : text, ImageField.QUERY_FIELDS);
        } catch (QueryException e) {
            throw new InvalidRequestException("invalid-query", e.getMessage());
        }
        List<String> fields = query.fields().isEmpty()
                ? Arrays.stream(ImageField.values()).map(ImageField::wireName).toList()
                : query.fields();
        List<Map<String, Object>> rows = images.query(query, caller, limit, offset).stream()
                .map(image -> project(image, fields))
                .toList();
        return new QueryResult(text == null ? "*" : text, fields, rows.size(), rows);
    }

    public ImageEntity modify(Caller caller, String id, Map<String, Object> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new InvalidRequestException("empty-change",
                    "Nothing to change: send the fields to set, e.g. {\"os\": \"ubuntu\"}. Editable fields: "
                            + ImageField.editableNames() + ".");
        }
        return ownersChange(caller, id, "modify", image -> {
            Map<String, Object> applied = rules.apply(image, changes, false, caller.isAdmin());
            return applied.isEmpty() ? Change.NONE
                    : Change.announce(ImageUpdated.of(caller.username(), image.id, image.owner, applied));
        });
    }

    /**
     * Shares an image with a user or an LDAP group ({@code share}), or stops sharing it. Sharing twice, or
     * unsharing what is not shared, changes nothing and announces nothing.
     */
    public ImageEntity share(Caller caller, String id, Share with, String name, boolean share) {
        if (name == null || name.length() > with.maxLength || !SHARE_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("invalid-share", "Invalid " + with.noun + " name '" + name
                    + "': use 1-" + with.maxLength + " letters, digits, '.', '_', '@' or '-'.");
        }
        return ownersChange(caller, id, share ? "share" : "unshare", image -> {
            List<String> names = with == Share.USER ? image.sharedUsers : image.sharedGroups;
            boolean changed = share ? !names.contains(name) && names.add(name) : names.remove(name);
            if (!changed) {
                return Change.NONE;
            }
            if (names.size() > MAX_SHARES) {
                throw new ConflictException("too-many-shares", "Image " + id + " is shared with " + MAX_SHARES
                        + " " + with.noun + "s already: share it with a group instead.");
            }
            return Change.announce(ImageUpdated.of(caller.username(), image.id, image.owner,
                    Map.of(with.field.wireName(), List.copyOf(names))));
        });
    }

    /** Whom an image is shared with: named users, or the members of named LDAP groups. */
    public enum Share {
        USER("user", 64, ImageField.SHARED_USERS), GROUP("group", 128, ImageField.SHARED_GROUPS);

        final String noun;
        final int maxLength;
        final ImageField field;

        Share(String noun, int maxLength, ImageField field) {
            this.noun = noun;
            this.maxLength = maxLength;
            this.field = field;
        }

        /** {@code users} or {@code groups}, as the shares resource's path names them. */
        public static Share ofPath(String kind) {
            return "groups".equals(kind) ? GROUP : USER;
        }
    }

    public void remove(Caller caller, String id) {
        ownersChange(caller, id, "remove", image -> {
            if (ImageStatus.LOCKED.wire().equals(image.status)) {
                throw new ConflictException("image-locked", "Image " + id
                        + " is locked and cannot be removed: unlock it first (modify " + id + " imgStatus=available).");
            }
            return Change.remove(ImageDeleted.of(caller.username(), image.id, image.owner, List.copyOf(image.locations),
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

    /**
     * One copy's bytes are gone (ADR 10 point 5): the location leaves the image, and if it was the imgURI
     * another remaining copy becomes it. Redelivered, or for a location the image no longer lists, it
     * changes nothing.
     */
    public void apply(BlobRemoved event) {
        images.update(event.imageId(), event.eventId(), image -> {
            if (image.locations.remove(event.location()) && event.location().equals(image.imgUri)) {
                image.imgUri = image.locations.isEmpty() ? null : image.locations.get(0);
            }
            if (image.locations.isEmpty() && ImageStatus.parseWire(image.status).hasBytes()) {
                LOG.errorf("image %s lost its last copy, at %s (event %s): it lists no bytes now", image.id,
                        event.location(), event.eventId());
            }
            return Change.NONE;
        });
    }

    /** Every owner's images and their bytes (ADR 10 point 3: accounting reconciles its books with them). */
    public List<ImageStore.OwnerTotals> ownerTotals(Caller caller) {
        caller.requireAdmin("list the images and bytes of every owner");
        return images.ownerTotals();
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

    /** A change only the owner or an admin may make; to anyone who cannot even see the image it does not exist. */
    private ImageEntity ownersChange(Caller caller, String id, String action, Function<ImageEntity, Change> change) {
        return images.update(id, null, image -> {
            if (!isVisible(caller, image)) {
                throw notFound(id);
            }
            if (!image.owner.equals(caller.username()) && !caller.isAdmin()) {
                throw new ForbiddenException("Only the owner (" + image.owner + ") or an administrator can " + action
                        + " image " + id + ".");
            }
            return change.apply(image);
        }).orElseThrow(() -> notFound(id));
    }

    /** The rule of ImageStore#query, for one image. */
    private static boolean isVisible(Caller caller, ImageEntity image) {
        return caller.isAdmin() || image.owner.equals(caller.username()) || "public".equals(image.permission)
                || image.sharedUsers.contains(caller.username()) || caller.inAnyGroup(image.sharedGroups);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException(
                "No image with id '" + id + "' (or it is not visible to you). List yours with: imagerepo list");
    }

    private static Map<String, Object> project(ImageEntity image, List<String> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : fields) {
            row.put(name, ImageField.byWireName(name).orElseThrow().valueOf(image));
        }
        return row;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}

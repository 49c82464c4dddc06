package org.imagerepo.catalog.repository.mongo;

import io.quarkus.mongodb.panache.common.MongoEntity;
import org.bson.codecs.pojo.annotations.BsonId;
import org.imagerepo.catalog.model.ImageEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One image in the MongoDB store, with everything that must change atomically with it: MongoDB (and the
 * wire server we test on) guarantees atomicity for one document only, so the image's queued events
 * ({@link #outbox}) and the ids of the events already applied to it ({@link #appliedEvents}) live inside
 * it. Every write replaces the document on the condition that {@link #version} is still the one read.
 *
 * <p>Field names are the API's (so a query's fields are document paths), numbers also have a string
 * copy that queries match, and a removed image stays as a hidden tombstone until its ImageDeleted is
 * published.
 */
@MongoEntity(collection = "images")
public class ImageDocument {

    @BsonId
    public String id;
    public String name;
    public String owner;
    public String os;
    public String description;
    public List<String> tag = new ArrayList<>();
    public String vmType;
    public String imgType;
    public String permission;
    public String imgStatus;
    public String statusReason;
    public String imgURI;
    public List<String> locations = new ArrayList<>();
    public List<String> sharedUsers = new ArrayList<>();
    public List<String> sharedGroups = new ArrayList<>();
    public Instant createdDate;
    public Instant lastAccess;
    public long accessCount;
    /** {@link #accessCount} as decimal text, for the query language's regular expressions. */
    public String accessCountText;
    public Long size;
    /** {@link #size} as decimal text, for the query language's regular expressions. */
    public String sizeText;
    public String sha256;
    public String md5;
    public String arch;
    public String diskFormat;

    /** Incremented by every write; a write succeeds only if nobody else wrote since it read. */
    public long version;
    /** Removed by its owner; kept, invisible, until its last queued event is published. */
    public boolean removed;
    /** Whether {@link #outbox} holds anything: the relay's (indexed) query. */
    public boolean pending;
    /** Until when one relay has claimed this document's outbox. */
    public Instant relayLease;
    /** Events announcing this image's changes, oldest first, not yet acknowledged by Kafka. */
    public List<QueuedEvent> outbox = new ArrayList<>();
    /** Ids of the latest events applied to this image (bounded), so a redelivery changes nothing. */
    public List<String> appliedEvents = new ArrayList<>();

    /** An event waiting in an image's outbox. */
    public static class QueuedEvent {
        public String eventId;
        public String topic;
        public String key;
        public String payload;
    }

    /** The document for {@code image}, keeping this document's bookkeeping fields. */
    ImageDocument successor(ImageEntity image) {
        ImageDocument next = new ImageDocument();
        next.id = image.id;
        next.name = image.name;
        next.owner = image.owner;
        next.os = image.os;
        next.description = image.description;
        next.tag = new ArrayList<>(image.tags);
        next.vmType = image.vmType;
        next.imgType = image.imgType;
        next.permission = image.permission;
        next.imgStatus = image.status;
        next.statusReason = image.statusReason;
        next.imgURI = image.imgUri;
        next.locations = new ArrayList<>(image.locations);
        next.sharedUsers = new ArrayList<>(image.sharedUsers);
        next.sharedGroups = new ArrayList<>(image.sharedGroups);
        next.createdDate = image.createdDate;
        next.lastAccess = image.lastAccess;
        next.accessCount = image.accessCount;
        next.accessCountText = Long.toString(image.accessCount);
        next.size = image.size;
        next.sizeText = image.size == null ? null : Long.toString(image.size);
        next.sha256 = image.sha256;
        next.md5 = image.md5;
        next.arch = image.arch;
        next.diskFormat = image.diskFormat;
        next.version = version + 1;
        next.removed = removed;
        next.relayLease = relayLease;
        next.outbox = new ArrayList<>(outbox);
        next.appliedEvents = new ArrayList<>(appliedEvents);
        return next;
    }

    ImageEntity toEntity() {
        ImageEntity image = new ImageEntity();
        image.id = id;
        image.name = name;
        image.owner = owner;
        image.os = os;
        image.description = description;
        image.tags = new ArrayList<>(tag == null ? List.of() : tag);
        image.vmType = vmType;
        image.imgType = imgType;
        image.permission = permission;
        image.status = imgStatus;
        image.statusReason = statusReason;
        image.imgUri = imgURI;
        image.locations = new ArrayList<>(locations == null ? List.of() : locations);
        image.sharedUsers = new ArrayList<>(sharedUsers == null ? List.of() : sharedUsers);
        image.sharedGroups = new ArrayList<>(sharedGroups == null ? List.of() : sharedGroups);
        image.createdDate = createdDate;
        image.lastAccess = lastAccess;
        image.accessCount = accessCount;
        image.size = size;
        image.sha256 = sha256;
        image.md5 = md5;
        image.arch = arch;
        image.diskFormat = diskFormat;
        image.version = version;
        return image;
    }
}

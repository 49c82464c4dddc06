package org.imagerepo.catalog.repository.mongo;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;
import org.imagerepo.query.MongoTranslator;
import org.imagerepo.query.Query;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.vocabulary.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.size;

/**
 * Image metadata in MongoDB (through MongoDB with Panache), relying on single-document atomicity only:
 * no transactions, sessions or change streams, which the wire-protocol test server lacks and which a
 * sharded deployment makes expensive (ADR 7). Every change is read, applied to the store-neutral
 * {@link ImageEntity} by the service's rules, and written back with a compare-and-set on the document's
 * version, together with the events it announces and the id of the event that caused it.
 */
@ApplicationScoped
@Typed(MongoImageStore.class)
public class MongoImageStore implements ImageStore {

    /** Applied event ids kept per image: far more than Kafka redelivers after a consumer restart. */
    static final int APPLIED_EVENTS_KEPT = 1000;
    /** Compare-and-set attempts before giving up; each lost attempt means another writer succeeded. */
    private static final int MAX_ATTEMPTS = 200;
    /** How long a relay may take to publish one image's outbox before another relay may retry it. */
    private static final Duration RELAY_LEASE = Duration.ofSeconds(30);

    @Inject
    ImageDocumentRepository documents;

    private MongoCollection<ImageDocument> collection() {
        return documents.mongoCollection();
    }

    /**
     * The sort order, each way into the visibility filter (owner, public, shares), and the fields people
     * search: an anchored pattern's literal prefix is matched in every case against these indexes
     * (MongoTranslator, ADR 17); a case-insensitive {@code $regex} alone cannot use them.
     */
    @PostConstruct
    void createIndexes() {
        collection().createIndex(Indexes.ascending("owner"));
        collection().createIndex(Indexes.ascending("createdDate", "_id"));
        collection().createIndex(Indexes.ascending("pending"));
        collection().createIndex(Indexes.ascending("owner", "createdDate", "_id"));
        collection().createIndex(Indexes.ascending("permission", "createdDate", "_id"));
        collection().createIndex(Indexes.ascending("sharedUsers"));
        collection().createIndex(Indexes.ascending("sharedGroups"));
        collection().createIndex(Indexes.ascending("name"));
        collection().createIndex(Indexes.ascending("os"));
        collection().createIndex(Indexes.ascending("description"));
        collection().createIndex(Indexes.ascending("tag"));
    }

    @Override
    public void register(ImageEntity image, RepositoryEvent announcement) {
        ImageDocument document = new ImageDocument().successor(image);
        document.version = 0;
        queue(document, announcement);
        documents.persist(document);
    }

    @Override
    public Optional<ImageEntity> find(String id) {
        return Optional.ofNullable(collection().find(visible(id)).first()).map(ImageDocument::toEntity);
    }

    @Override
    public Optional<String> idAt(String location) {
        return Optional.ofNullable(collection().find(and(eq("removed", false), eq("locations", location))).first())
                .map(document -> document.id);
    }

    @Override
    public List<ImageEntity> query(Query query, Caller viewer, int limit, int offset) {
        Bson visible = viewer.isAdmin() ? eq("removed", false) : and(eq("removed", false), or(eq("owner", viewer.username()),
                eq("permission", "public"), eq("sharedUsers", viewer.username()), in("sharedGroups", viewer.groups())));
        Bson filter = and(visible, MongoTranslator.translate(query, ImageField::documentField));
        try {
            return collection().find(filter).sort(Sorts.ascending("createdDate", "_id")).skip(offset).limit(limit)
                    .maxTime(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .map(ImageDocument::toEntity).into(new ArrayList<>());
        } catch (MongoExecutionTimeoutException e) {
            throw ImageStore.queryTimedOut(e);
        }
    }

    @Override
    public Optional<ImageEntity> update(String id, UUID cause, Function<ImageEntity, Change> change) {
        String causeId = cause == null ? null : cause.toString();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ImageDocument current = collection().find(visible(id)).first();
            if (current == null || (causeId != null && current.appliedEvents.contains(causeId))) {
                return Optional.empty();
            }
            ImageEntity image = current.toEntity();
            Change outcome = change.apply(image);
            ImageDocument next = current.successor(image);
            outcome.announcements().forEach(event -> queue(next, event));
            next.removed = outcome.remove();
            if (causeId != null) {
                next.appliedEvents.add(causeId);
                if (next.appliedEvents.size() > APPLIED_EVENTS_KEPT) {
                    next.appliedEvents = next.appliedEvents.subList(
                            next.appliedEvents.size() - APPLIED_EVENTS_KEPT, next.appliedEvents.size());
                }
            }
            if (replace(current, next)) {
                return Optional.of(image);
            }
        }
        throw new IllegalStateException("Image " + id + " changed concurrently " + MAX_ATTEMPTS + " times; try again.");
    }

    /**
     * One atomic update on the server ({@code $inc}, {@code $max}, {@code $push} with the event id, on the
     * condition that the id is not there yet): a hot image's downloads never retry against each other, and
     * it does not depend on reading a consistent document (the wire-protocol test server's in-memory
     * backend can return one half-updated under concurrent writes). The count's string copy follows in a
     * second, conditional update, which only ever writes the text of the count the document holds.
     */
    @Override
    public boolean recordAccess(String id, UUID cause, Instant at) {
        String causeId = cause.toString();
        ImageDocument counted = collection().findOneAndUpdate(
                and(visible(id), ne("appliedEvents", causeId)),
                Updates.combine(Updates.inc("accessCount", 1L), Updates.max("lastAccess", at), Updates.inc("version", 1L),
                        Updates.pushEach("appliedEvents", List.of(causeId), new PushOptions().slice(-APPLIED_EVENTS_KEPT))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (counted == null) {
            return false;
        }
        collection().updateOne(and(eq("_id", id), eq("accessCount", counted.accessCount)),
                Updates.set("accessCountText", Long.toString(counted.accessCount)));
        return true;
    }

    /**
     * Claims one image with queued events at a time (a lease, so replicas do not publish the same
     * outbox at once), publishes its events in order, then removes exactly those from the document.
     */
    @Override
    public int relay(int max, Consumer<List<OutboxMessage>> publish) {
        int published = 0;
        while (published < max) {
            Instant now = Instant.now();
            ImageDocument claimed = collection().findOneAndUpdate(
                    and(eq("pending", true), or(eq("relayLease", null), lt("relayLease", now))),
                    Updates.set("relayLease", now.plus(RELAY_LEASE)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (claimed == null) {
                break;
            }
            try {
                publish.accept(claimed.outbox.stream().map(e -> new OutboxMessage(e.topic, e.key, e.payload)).toList());
            } catch (RuntimeException e) {
                collection().updateOne(eq("_id", claimed.id), Updates.unset("relayLease"));
                throw e;
            }
            Set<String> sent = claimed.outbox.stream().map(e -> e.eventId).collect(Collectors.toSet());
            forget(claimed.id, sent);
            published += sent.size();
        }
        return published;
    }

    /** Applied ids are bounded per image instead ({@link #APPLIED_EVENTS_KEPT}). */
    @Override
    public int forgetAppliedEventsBefore(Instant before) {
        return 0;
    }

    @Override
    public List<OwnerTotals> ownerTotals() {
        Document hasBytes = new Document("$or", List.of(
                new Document("$eq", List.of("$imgStatus", ImageStatus.AVAILABLE.wire())),
                new Document("$eq", List.of("$imgStatus", ImageStatus.LOCKED.wire()))));
        List<Bson> pipeline = List.of(
                Aggregates.match(eq("removed", false)),
                Aggregates.group("$owner", Accumulators.sum("images", 1),
                        Accumulators.sum("bytes", new Document("$cond", List.of(hasBytes, "$size", 0)))),
                Aggregates.sort(Sorts.ascending("_id")));
        // $sum answers an int or a long, depending on the values summed.
        return collection().aggregate(pipeline, Document.class).maxTime(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(row -> new OwnerTotals(row.getString("_id"), ((Number) row.get("images")).longValue(),
                        ((Number) row.get("bytes")).longValue()))
                .into(new ArrayList<>());
    }

    @Override
    public void ping() {
        documents.mongoDatabase().runCommand(new Document("ping", 1));
    }

    /**
     * Server-side updates only, none depending on what was read: takes the sent events out ($pull, and a
     * new version so that a writer holding the old outbox must read again), then clears the relay's flag
     * and deletes a tombstone only if nothing was queued meanwhile.
     */
    private void forget(String id, Set<String> sent) {
        collection().updateOne(eq("_id", id), Updates.combine(
                Updates.pullByFilter(new Document("outbox", new Document("eventId", new Document("$in", List.copyOf(sent))))),
                Updates.unset("relayLease"), Updates.inc("version", 1L)));
        collection().updateOne(and(eq("_id", id), size("outbox", 0)), Updates.set("pending", false));
        collection().deleteOne(and(eq("_id", id), eq("removed", true), size("outbox", 0)));
    }

    private boolean replace(ImageDocument current, ImageDocument next) {
        next.pending = !next.outbox.isEmpty();
        return collection().replaceOne(and(eq("_id", current.id), eq("version", current.version)), next)
                .getMatchedCount() == 1;
    }

    private static void queue(ImageDocument document, RepositoryEvent event) {
        ImageDocument.QueuedEvent queued = new ImageDocument.QueuedEvent();
        queued.eventId = event.eventId().toString();
        queued.topic = event.topic();
        queued.key = event.key();
        queued.payload = EventCodec.encode(event);
        document.outbox.add(queued);
        document.pending = true;
    }

    private static Bson visible(String id) {
        return and(eq("_id", id), eq("removed", false));
    }
}

package org.imagerepo.catalog.repository;

import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;
import org.imagerepo.query.Query;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.errors.UnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The catalog's metadata store, whatever the database: the operations the service's rules need, each
 * atomic on its own. A change and the events announcing it are stored together (ADR 1), and a change
 * caused by an event is applied at most once per event id, so consumers may be redelivered anything.
 *
 * <p>Implementations: {@code RelationalImageStore} (H2, PostgreSQL, MariaDB/MySQL: one transaction) and
 * {@code MongoImageStore} (one document per image, so single-document atomicity is enough; ADR 7).
 */
public interface ImageStore {

    /** Stores a new image together with the event announcing it. */
    void register(ImageEntity image, RepositoryEvent announcement);

    /** The id of the image with a copy at {@code location} (an imgURI or any of its locations), whoever may see it. */
    Optional<String> idAt(String location);

    /** The image, unless it does not exist or was removed. Changing the returned object changes nothing. */
    Optional<ImageEntity> find(String id);

    /**
     * One page of the images {@code viewer} may see matching the query, oldest first: for an admin every
     * image; for anyone else their own, the public ones, and those shared with them or one of their groups.
     *
     * @throws UnavailableException {@code query-timeout} when the store stopped the query after
     *                              {@link #QUERY_TIMEOUT} ({@link #queryTimedOut})
     */
    List<ImageEntity> query(Query query, Caller viewer, int limit, int offset);

    /** A regular expression that runs away is cut off by the store rather than holding a connection. */
    Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The answer to a query the store stopped at {@link #QUERY_TIMEOUT}. On a store that cannot index a pattern
     * (ADR 17: unanchored ones on MariaDB and MongoDB, any on H2) a selective one is matched against every image,
     * which a million images make slow: the detail says what the caller can change.
     */
    static UnavailableException queryTimedOut(Throwable cause) {
        return new UnavailableException("query-timeout", "The query was stopped after " + QUERY_TIMEOUT.toSeconds()
                + " s: the metadata store took too long to answer it. A pattern that does not start with ^ may be"
                + " matched against every image; anchor it (name=^vm-01, not name=vm-01), add a condition on an"
                + " anchored field (owner, name, tag), or try again when the repository is less busy.", cause);
    }

    /**
     * Changes one image atomically: {@code change} edits the image it is given and says what to announce,
     * or throws to change nothing. It may be called more than once (stores that retry on a concurrent
     * change), so it must have no other side effect.
     *
     * @param cause the id of the event causing the change, or null for a user's request; a change whose
     *              cause was applied before is skipped
     * @return the image as changed, or empty when there is no such image or {@code cause} was applied before
     */
    Optional<ImageEntity> update(String id, UUID cause, Function<ImageEntity, Change> change);

    /**
     * Counts one whole download, at most once per {@code cause}; {@code lastAccess} becomes {@code at} if
     * that is later. Concurrent calls for one image must all count.
     *
     * @return false when there is no such image or {@code cause} was counted before
     */
    boolean recordAccess(String id, UUID cause, Instant at);

    /**
     * Hands up to {@code max} queued events to {@code publish}, which returns once the broker acknowledged
     * every one (or throws, leaving them queued), then forgets them.
     *
     * @return how many were published
     */
    int relay(int max, Consumer<List<OutboxMessage>> publish);

    /** Forgets ids of applied events older than {@code before}, where the store keeps them by time. */
    int forgetAppliedEventsBefore(Instant before);

    /**
     * Every owner with images in the catalog, in name order: how many they have (any status) and the bytes
     * of those that have bytes (available and locked), counted by the store in one aggregate query.
     */
    List<OwnerTotals> ownerTotals();

    /** Throws unless the store answers; for the readiness check. */
    void ping();

    /** What an {@link #update} did to the image: nothing to announce, events to announce, or removal. */
    record Change(List<RepositoryEvent> announcements, boolean remove) {

        public static final Change NONE = new Change(List.of(), false);

        public Change {
            announcements = List.copyOf(announcements);
        }

        public static Change announce(RepositoryEvent event) {
            return new Change(List.of(event), false);
        }

        /** The image leaves the catalog; {@code event} announces it. */
        public static Change remove(RepositoryEvent event) {
            return new Change(List.of(event), true);
        }
    }

    /** One owner's images and their bytes, as {@link #ownerTotals()} counts them. */
    record OwnerTotals(String owner, long images, long bytes) {
    }
}

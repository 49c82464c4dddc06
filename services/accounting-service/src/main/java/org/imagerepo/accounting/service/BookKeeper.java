package org.imagerepo.accounting.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import org.imagerepo.accounting.model.AccessRecord;
import org.imagerepo.accounting.model.BookStatus;
import org.imagerepo.accounting.model.ImageBook;
import org.imagerepo.accounting.model.Reservation;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.accounting.repository.Reservations;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.ImageRegistered;
import org.imagerepo.events.ImageUpdated;
import org.imagerepo.events.RepositoryEvent;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the images, blobs and access events to the books, each exactly once: its id is recorded in the
 * transaction of its effect, so a redelivery changes nothing. Events of one image come in any order across
 * topics; the image's row is made by whichever comes first, and each event changes only what it knows.
 * The owner's usage moves by what the image counted before and after the event (ImageBook's countedImages
 * and countedBytes), so a late ImageRegistered charges bytes stored before it, and a second BlobStored (a
 * copy) charges nothing.
 */
@ApplicationScoped
public class BookKeeper {

    private static final Logger LOG = Logger.getLogger(BookKeeper.class);
    /** Two first events of one image may race to insert its row; the loser applies its event again. */
    private static final int ATTEMPTS = 4;

    @Inject
    Books books;

    @Inject
    Reservations reservations;

    @Inject
    UsageLedger ledger;

    /** Whether this version applies {@code event} at all (BlobRemoved drops one copy: usage counts an image once). */
    public static boolean applies(RepositoryEvent event) {
        return event instanceof ImageRegistered || event instanceof ImageUpdated || event instanceof ImageDeleted
                || event instanceof BlobStored || event instanceof BlobFailed || event instanceof ImageAccessed;
    }

    public void apply(RepositoryEvent event) {
        if (!applies(event)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Set<String> absentOwners = QuarkusTransaction.requiringNew().call(() -> applyOnce(event));
                // An owner without a record may have signed in while this transaction ran: their registration
                // computed their usage before this event committed, so compute it again now that it has.
                for (String owner : absentOwners) {
                    QuarkusTransaction.requiringNew().run(() -> ledger.recompute(owner, event.actor()));
                }
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !UserService.causedBy(e, PersistenceException.class)) {
                    throw e;
                }
                LOG.debugf("applying %s %s raced another event (%s); again", event.getClass().getSimpleName(),
                        event.eventId(), e.getMessage());
            }
        }
    }

    /** @return the owners whose usage the event moved but who have no record */
    private Set<String> applyOnce(RepositoryEvent event) {
        if (!books.firstDelivery(event.eventId())) {
            LOG.debugf("event %s applied before; skipped", event.eventId());
            return Set.of();
        }
        String imgId = imageOf(event);
        Instant at = millis(event.occurredAt());
        ImageBook image = books.lockOrCreate(imgId);
        String ownerBefore = image.owner;
        long imagesBefore = image.countedImages();
        long bytesBefore = image.countedBytes();
        boolean release = false;
        if (event instanceof ImageRegistered e) {
            image.owner = e.owner();
            image.name = e.name();
            image.registeredAt = at;
        } else if (event instanceof ImageUpdated e) {
            if (e.owner() != null) {
                image.owner = e.owner();
            }
            if (e.changes() != null && e.changes().get("name") instanceof String name) {
                image.name = name;
            }
        } else if (event instanceof ImageDeleted e) {
            if (e.owner() != null) {
                image.owner = e.owner();
            }
            if (image.size == null && e.size() > 0) {
                image.size = e.size();
            }
            image.status = BookStatus.DELETED;
            image.deletedAt = image.deletedAt == null ? at : image.deletedAt;
            release = true;
        } else if (event instanceof BlobStored e) {
            if (image.storedAt == null) { // the first copy settles the upload; a later one is a copy elsewhere
                image.size = e.size();
                image.storedAt = at;
                if (image.status != BookStatus.DELETED) {
                    image.status = BookStatus.AVAILABLE;
                }
            }
            release = true;
        } else if (event instanceof BlobFailed) {
            if (image.status == BookStatus.PENDING) {
                image.status = BookStatus.FAILED;
            }
            release = true;
        } else if (event instanceof ImageAccessed e) {
            AccessRecord access = new AccessRecord();
            access.eventId = e.eventId().toString();
            access.imgId = imgId;
            access.username = e.actor();
            access.accessedAt = at;
            access.bytes = e.bytes();
            access.wholeImage = e.wholeImage();
            books.recordAccess(access);
            image.bytesTransferred += e.bytes();
            if (e.wholeImage()) {
                image.accessCount++;
                image.lastAccess = image.lastAccess == null || image.lastAccess.isBefore(at) ? at : image.lastAccess;
            }
        }

        // Each owner's move: what the image counted for them after, less what it counted before.
        Map<String, long[]> moves = new HashMap<>(); // owner -> {usedBytes, reservedBytes, images}
        if (ownerBefore != null) {
            moves.computeIfAbsent(ownerBefore, o -> new long[3])[0] -= bytesBefore;
            moves.get(ownerBefore)[2] -= imagesBefore;
        }
        if (image.owner != null) {
            moves.computeIfAbsent(image.owner, o -> new long[3])[0] += image.countedBytes();
            moves.get(image.owner)[2] += image.countedImages();
        }
        List<String> holders = release ? reservations.ownersOfImage(imgId) : List.of();
        Set<String> involved = new HashSet<>(moves.keySet());
        involved.addAll(holders);
        Map<String, UserAccount> users = ledger.lock(involved);
        if (!holders.isEmpty()) {
            // The rows are read only under their owners' locks: only then can no upload be changing them.
            for (Reservation reservation : reservations.ofImage(imgId)) {
                if (involved.contains(reservation.owner)) {
                    moves.computeIfAbsent(reservation.owner, o -> new long[3])[1] -= reservation.bytes;
                    reservations.remove(reservation);
                    LOG.debugf("%s of image %s by %s: released reservation %s of %d bytes",
                            event.getClass().getSimpleName(), imgId, reservation.owner, reservation.id, reservation.bytes);
                }
            }
        }
        Set<String> absent = new HashSet<>();
        moves.forEach((owner, move) -> {
            UserAccount user = users.get(owner);
            if (user != null) {
                ledger.add(user, move[0], move[1], move[2], event.actor());
            } else if (move[0] != 0 || move[2] != 0) {
                absent.add(owner);
            }
        });
        return absent;
    }

    private static String imageOf(RepositoryEvent event) {
        if (event instanceof ImageRegistered e) {
            return e.imageId();
        } else if (event instanceof ImageUpdated e) {
            return e.imageId();
        } else if (event instanceof ImageDeleted e) {
            return e.imageId();
        } else if (event instanceof BlobStored e) {
            return e.imageId();
        } else if (event instanceof BlobFailed e) {
            return e.imageId();
        } else if (event instanceof ImageAccessed e) {
            return e.imageId();
        }
        throw new IllegalArgumentException("not an event of the books: " + event);
    }

    private static Instant millis(Instant at) {
        return (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MILLIS);
    }
}

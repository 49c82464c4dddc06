package org.imagerepo.accounting.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.accounting.config.AccountingConfig;
import org.imagerepo.accounting.model.BookStatus;
import org.imagerepo.accounting.model.Reservation;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.accounting.repository.Reservations;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.errors.QuotaExceededException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.vocabulary.ByteSizes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Quota held by reservations (ADR 10): blob-service reserves before it reads a body byte, grows the
 * reservation as bytes of a body of unknown length arrive, and releases it when the upload fails; applying
 * BlobStored settles it (BookKeeper). The check and the change happen under the user's row lock, so
 * concurrent reservations cannot together pass the quota: usage plus reservations never does.
 */
@ApplicationScoped
public class ReservationService {

    private static final Logger LOG = Logger.getLogger(ReservationService.class);
    static final String IMG_ID = "imgId";
    static final String BYTES = "bytes";
    private static final int SWEEP_BATCH = 500;
    /** The actor of what the service does by itself. */
    static final String SERVICE = "accounting-service";

    @Inject
    AccountingDatabase database;

    @Inject
    Reservations reservations;

    @Inject
    UsageLedger ledger;

    @Inject
    AccountingConfig config;

    @Inject
    Books books;

    @Inject
    MeterRegistry metrics;

    /** Reserves {@code bytes} for an upload of the image by the caller, or refuses: quota exceeded. */
    @Transactional
    public Reservation reserve(Caller caller, Map<String, Object> body) {
        Map<String, Object> fields = BodyFields.only(body, List.of(IMG_ID, BYTES));
        String imgId = imgId(fields.get(IMG_ID));
        long bytes = bytes(fields.get(BYTES));
        UserAccount user = lockCaller(caller);
        requireRoom(user, user.reservedBytes, bytes);
        Reservation reservation = new Reservation();
        reservation.id = UUID.randomUUID().toString();
        reservation.imgId = imgId;
        reservation.owner = user.username;
        reservation.bytes = bytes;
        reservation.createdAt = now();
        reservation.updatedAt = reservation.createdAt;
        reservations.insert(reservation);
        ledger.add(user, 0, bytes, 0, caller.username());
        return reservation;
    }

    /** Sets the reservation to {@code bytes} in all: shrinking always succeeds, growing only within the quota. */
    @Transactional
    public Reservation resize(Caller caller, String id, Map<String, Object> body) {
        long bytes = bytes(BodyFields.only(body, List.of(BYTES)).get(BYTES));
        UserAccount user = lockCaller(caller);
        Reservation reservation = reservations.find(id).filter(r -> r.owner.equals(user.username))
                .orElseThrow(() -> new NotFoundException("No reservation " + id + " of " + user.username
                        + ": it was released, settled by the stored upload, or expired. Reserve again."));
        long others = user.reservedBytes - reservation.bytes;
        if (bytes > reservation.bytes) {
            requireRoom(user, others, bytes);
        }
        long change = bytes - reservation.bytes;
        reservation.bytes = bytes;
        reservation.updatedAt = now();
        ledger.add(user, 0, change, 0, caller.username());
        return reservation;
    }

    /**
     * Claims the reservation for the one upload its capability allows (ADR 16): a conflict when it was claimed before
     * (the link was used), not found when it is gone (released, settled, or expired). A claim counts as a change, so
     * the upload's own time starts now.
     */
    @Transactional
    public Reservation claim(Caller caller, String id, String imgId) {
        UserAccount user = lockCaller(caller);
        Reservation reservation = reservations.find(id).filter(r -> r.owner.equals(user.username)).orElse(null);
        if (reservation == null) {
            // Stored bytes of the image settle every reservation of it, this one too when another upload of the
            // same image (an earlier try whose answer was lost) got there first: say so, as blob-service would.
            if (imgId != null && books.image(imgId).filter(b -> b.status == BookStatus.AVAILABLE).isPresent()) {
                throw new ConflictException("bytes-exist", "Image " + imgId + " already has its bytes (an "
                        + "earlier upload stored them); register a new image to upload another file.");
            }
            throw new NotFoundException("No upload session " + id + " of " + user.username
                    + ": it was used and finished, cancelled, or it expired. Create a new upload.");
        }
        if (reservation.claimedAt != null) {
            throw new ConflictException("capability-used", "This upload link was used already (at "
                    + reservation.claimedAt + "); a link uploads once. Create a new upload for another attempt.");
        }
        reservation.claimedAt = now();
        reservation.updatedAt = reservation.claimedAt;
        return reservation;
    }

    /** Releases the reservation; one that is gone already is released too. Admins may release anyone's. */
    @Transactional
    public void release(Caller caller, String id) {
        String owner = reservations.ownerOf(id).orElse(null);
        if (owner == null) {
            return;
        }
        if (!owner.equals(caller.username()) && !caller.isAdmin()) {
            throw new NotFoundException("No reservation " + id + " of " + caller.username() + ".");
        }
        releaseLocked(owner, id, caller.username());
    }

    /**
     * Releases the reservations unchanged for longer than {@code imagerepo.accounting.reservation-max-age}
     * before {@code now}: their uploads died without saying so.
     *
     * @return how many were released
     */
    public int releaseExpired(Instant now) {
        Instant before = now.minus(config.reservationMaxAge());
        int released = 0;
        List<Object[]> expired;
        do {
            expired = QuarkusTransaction.requiringNew().call(() -> reservations.unchangedSince(before, SWEEP_BATCH));
            for (Object[] row : expired) {
                String id = (String) row[0];
                String owner = (String) row[1];
                Reservation gone = QuarkusTransaction.requiringNew().call(() -> {
                    database.users().lock(owner);
                    Reservation reservation = reservations.find(id).orElse(null);
                    if (reservation == null || !reservation.updatedAt.isBefore(before)) {
                        return null; // settled, released or grown meanwhile
                    }
                    return releaseLocked(owner, id, SERVICE);
                });
                if (gone != null) {
                    released++;
                    LOG.infof("released reservation %s of %s for image %s (%d bytes): unchanged since %s, longer than %s",
                            gone.id, gone.owner, gone.imgId, gone.bytes, gone.updatedAt, config.reservationMaxAge());
                }
            }
        } while (expired.size() == SWEEP_BATCH);
        return released;
    }

    @Scheduled(every = "${imagerepo.accounting.reservation-sweep-interval:10m}", delayed = "1m",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        releaseExpired(Instant.now());
    }

    /** Removes the reservation under its owner's lock (the owner's record may be gone). */
    private Reservation releaseLocked(String owner, String id, String actor) {
        UserAccount user = database.users().lock(owner).orElse(null);
        Reservation reservation = reservations.find(id).orElse(null);
        if (reservation == null) {
            return null;
        }
        reservations.remove(reservation);
        if (user != null) {
            ledger.add(user, 0, -reservation.bytes, 0, actor);
        }
        return reservation;
    }

    private UserAccount lockCaller(Caller caller) {
        return database.users().lock(caller.username()).orElseThrow(() -> new ForbiddenException(
                "The repository has no record of " + caller.username() + ", so they have no quota to upload with: "
                        + "sign in through the gateway ('imagerepo login') first."));
    }

    /**
     * Refuses unless {@code bytes} fit beside the user's usage and {@code reserved} (their other reservations). Each
     * refusal counts once, as {@code imagerepo_quota_refusals_total} at /q/metrics.
     */
    private void requireRoom(UserAccount user, long reserved, long bytes) {
        if (bytes > user.quota - user.usedBytes - reserved) {
            metrics.counter("imagerepo.quota.refusals").increment();
            throw new QuotaExceededException(quotaRefusal(user.username, user.quota, user.usedBytes, reserved, bytes),
                    user.quota, user.usedBytes, reserved, bytes);
        }
    }

    private static String quotaRefusal(String username, long quota, long used, long reserved, long requested) {
        long left = quota - used - reserved;
        String room = left > 0 ? ByteSizes.format(left) + " left"
                : left == 0 ? "nothing left" : "nothing left (over it by " + ByteSizes.format(-left) + ")";
        return "Uploading " + ByteSizes.format(requested) + " would pass the quota of " + username + ": quota "
                + ByteSizes.format(quota) + ", in use " + ByteSizes.format(used) + ", reserved by uploads in progress "
                + ByteSizes.format(reserved) + "; " + room + ". Remove images or ask an administrator for more quota.";
    }

    private static String imgId(Object value) {
        if (!(value instanceof String id) || id.isBlank() || id.length() > 64) {
            throw new InvalidRequestException("invalid-image-id", "Say which image the upload is for: "
                    + "{\"imgId\": \"<the image's id>\", \"bytes\": <bytes to reserve>} (an id of 1-64 characters).");
        }
        return id;
    }

    private static long bytes(Object value) {
        Long bytes = BodyFields.byteCount(value);
        if (bytes == null) {
            throw new InvalidRequestException("invalid-bytes", "Invalid bytes " + value
                    + ": give the whole number of bytes to hold, 0 or more.");
        }
        return bytes;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

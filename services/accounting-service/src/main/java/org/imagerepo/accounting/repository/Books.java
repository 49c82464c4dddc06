package org.imagerepo.accounting.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.imagerepo.accounting.model.AccessRecord;
import org.imagerepo.accounting.model.BookStatus;
import org.imagerepo.accounting.model.ImageBook;
import org.imagerepo.accounting.model.ProcessedEvent;
import org.imagerepo.persistence.ProcessedEvents;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The books kept from events: images, accesses and the ids of the events applied, in the active database,
 * through its session with JPQL (plain entities in {@code model}, shared by both persistence units: only
 * the users need one Panache entity per database). Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class Books {

    /** A user's totals as downloader. */
    public record Downloads(long downloads, long bytes) {
        public static final Downloads NONE = new Downloads(0, 0);
    }

    /** What the image table says a user owns. */
    public record Owned(long images, long bytes) {
    }

    @Inject
    AccountingDatabase database;

    private final ProcessedEvents<ProcessedEvent> processed =
            new ProcessedEvents<>(ProcessedEvent.class, ProcessedEvent::new, this::session);

    /**
     * Records that an event is being applied in the current transaction.
     *
     * @return false when it was applied before (a redelivery: skip it)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(UUID eventId) {
        return processed.firstDelivery(eventId);
    }

    @Transactional
    public int forgetAppliedEventsBefore(Instant before) {
        return processed.forgetBefore(before);
    }

    /**
     * The image's row, locked until the transaction ends, made (and flushed) if no event created it yet. Two
     * first events of one image racing on two topics: one insert fails, and its caller applies the event again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ImageBook lockOrCreate(String imgId) {
        ImageBook book = session().find(ImageBook.class, imgId, LockModeType.PESSIMISTIC_WRITE);
        if (book == null) {
            book = ImageBook.unknown(imgId);
            session().persist(book);
            session().flush();
        }
        return book;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAccess(AccessRecord access) {
        session().persist(access);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ImageBook> image(String imgId) {
        return Optional.ofNullable(session().find(ImageBook.class, imgId));
    }

    /** A page of images, newest registration first (images whose registration was not seen last); all owners for null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ImageBook> images(String owner, int offset, int limit) {
        String where = owner == null ? "" : "where i.owner = :owner ";
        var query = session().createSelectionQuery("from ImageBook i " + where
                + "order by i.registeredAt desc nulls last, i.imgId", ImageBook.class);
        if (owner != null) {
            query.setParameter("owner", owner);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** An image's downloads, newest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<AccessRecord> accesses(String imgId, int offset, int limit) {
        return session().createSelectionQuery("from AccessRecord a where a.imgId = :img order by a.accessedAt desc, a.eventId",
                        AccessRecord.class)
                .setParameter("img", imgId).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long accessCount(String imgId) {
        return session().createSelectionQuery("select count(*) from AccessRecord a where a.imgId = :img", Long.class)
                .setParameter("img", imgId).getSingleResult();
    }

    /** What {@code owner} owns by the image table: the same rule as ImageBook's countedImages and countedBytes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Owned owned(String owner) {
        Object[] row = session().createSelectionQuery("select count(*), coalesce(sum(case when i.status = :available "
                        + "then coalesce(i.size, 0) else 0 end), 0) from ImageBook i where i.owner = :owner and i.status <> :deleted",
                        Object[].class)
                .setParameter("owner", owner)
                .setParameter("available", BookStatus.AVAILABLE)
                .setParameter("deleted", BookStatus.DELETED)
                .getSingleResult();
        return new Owned(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** Per downloader among {@code usernames}: whole-image downloads and bytes of every download. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Downloads> downloads(Collection<String> usernames) {
        Map<String, Downloads> totals = new HashMap<>();
        if (usernames.isEmpty()) {
            return totals;
        }
        session().createSelectionQuery("select a.username, sum(case when a.wholeImage = true then 1 else 0 end), sum(a.bytes) "
                        + "from AccessRecord a where a.username in (:names) group by a.username", Object[].class)
                .setParameter("names", usernames)
                .getResultList()
                .forEach(row -> totals.put((String) row[0],
                        new Downloads(((Number) row[1]).longValue(), ((Number) row[2]).longValue())));
        return totals;
    }

    /**
     * The images whose bytes were stored at some time in [from, to), of {@code owner} (all for null), as
     * (size, storedAt, deletedAt) rows: a stream, so a long history is never whole in memory. Close it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stream<Object[]> storedBetween(String owner, Instant from, Instant to) {
        String who = owner == null ? "" : "i.owner = :owner and ";
        var query = session().createSelectionQuery("select i.size, i.storedAt, i.deletedAt from ImageBook i where " + who
                        + "i.storedAt is not null and i.size is not null and i.storedAt < :to "
                        + "and (i.deletedAt is null or i.deletedAt > :from)", Object[].class)
                .setParameter("from", from).setParameter("to", to).setFetchSize(500);
        if (owner != null) {
            query.setParameter("owner", owner);
        }
        return query.getResultStream();
    }

    /** The downloads by {@code username} (all for null) in [from, to), as (at, bytes, wholeImage) rows. Close it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stream<Object[]> downloadsBetween(String username, Instant from, Instant to) {
        String who = username == null ? "" : "a.username = :user and ";
        var query = session().createSelectionQuery("select a.accessedAt, a.bytes, a.wholeImage from AccessRecord a where "
                        + who + "a.accessedAt >= :from and a.accessedAt < :to", Object[].class)
                .setParameter("from", from).setParameter("to", to).setFetchSize(500);
        if (username != null) {
            query.setParameter("user", username);
        }
        return query.getResultStream();
    }

    private Session session() {
        return database.session();
    }
}

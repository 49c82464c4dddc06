package org.imagerepo.accounting.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.imagerepo.accounting.model.Reservation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reservations, through the active unit's session (a plain entity, as the outbox). Callers hold the
 * owner's user row lock while they change one, so a user's reservedBytes and their rows agree.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Reservations {

    @Inject
    AccountingDatabase database;

    public Optional<Reservation> find(String id) {
        return Optional.ofNullable(session().find(Reservation.class, id));
    }

    public void insert(Reservation reservation) {
        session().persist(reservation);
    }

    public void remove(Reservation reservation) {
        session().remove(reservation);
    }

    /** Whose reservations of the image there are: read before locking those users (then read the rows). */
    public List<String> ownersOfImage(String imgId) {
        return session().createSelectionQuery("select distinct r.owner from Reservation r where r.imgId = :img",
                String.class).setParameter("img", imgId).getResultList();
    }

    /** Whose the reservation is, without loading it (load it once its owner is locked). */
    public Optional<String> ownerOf(String id) {
        return session().createSelectionQuery("select r.owner from Reservation r where r.id = :id", String.class)
                .setParameter("id", id).getResultStream().findFirst();
    }

    public List<Reservation> ofImage(String imgId) {
        return session().createSelectionQuery("from Reservation where imgId = :img order by id", Reservation.class)
                .setParameter("img", imgId).getResultList();
    }

    /** Bytes {@code owner}'s reservations hold. */
    public long heldBy(String owner) {
        return session().createSelectionQuery("select coalesce(sum(r.bytes), 0) from Reservation r where r.owner = :owner",
                Long.class).setParameter("owner", owner).getSingleResult();
    }

    /** Up to {@code max} reservations unchanged since before {@code before}, oldest first, as (id, owner). */
    public List<Object[]> unchangedSince(Instant before, int max) {
        return session().createSelectionQuery("select r.id, r.owner from Reservation r where r.updatedAt < :before "
                        + "order by r.updatedAt, r.id", Object[].class)
                .setParameter("before", before).setMaxResults(max).getResultList();
    }

    private Session session() {
        return database.session();
    }
}

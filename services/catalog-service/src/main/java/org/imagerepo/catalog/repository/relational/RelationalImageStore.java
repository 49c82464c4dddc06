package org.imagerepo.catalog.repository.relational;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.domain.ImageStatus;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.catalog.model.OutboxEntry;
import org.imagerepo.catalog.model.ProcessedEvent;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;
import org.imagerepo.persistence.OutboxStore;
import org.imagerepo.persistence.ProcessedEvents;
import org.imagerepo.query.Query;
import org.imagerepo.query.SqlTranslator;
import org.imagerepo.query.SqlWhere;
import org.imagerepo.support.identity.Caller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Image metadata in the active relational database (H2, PostgreSQL, MariaDB/MySQL). Each operation is one
 * transaction: the change, its outbox rows and the applied event's id commit together. Queries are
 * parameterised: no user text reaches the SQL.
 */
@ApplicationScoped
@Typed(RelationalImageStore.class)
public class RelationalImageStore implements ImageStore {

    /** A regex that runs away is cut off by the database rather than holding a connection. */
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    @Inject
    CatalogDatabase database;

    // The image rows' session: the outbox and the applied events' ids commit with the change.
    private final OutboxStore<OutboxEntry> outbox = new OutboxStore<>(OutboxEntry.class, OutboxEntry::new) {
        @Override
        protected Session session() {
            return database.session();
        }
    };
    private final ProcessedEvents<ProcessedEvent> processed =
            new ProcessedEvents<>(ProcessedEvent.class, ProcessedEvent::new, this::session);

    private Session session() {
        return database.session();
    }

    @Override
    @Transactional
    public void register(ImageEntity image, RepositoryEvent announcement) {
        session().persist(image);
        outbox.queue(announcement);
    }

    @Override
    @Transactional
    public Optional<String> idAt(String location) {
        return session().createNativeQuery("SELECT image_id FROM image_locations WHERE location = ?", String.class)
                .setParameter(1, location).setMaxResults(1).getResultStream().findFirst();
    }

    @Override
    @Transactional
    public Optional<ImageEntity> find(String id) {
        return Optional.ofNullable(session().find(ImageEntity.class, id));
    }

    @Override
    @Transactional
    public List<ImageEntity> query(Query query, Caller viewer, int limit, int offset) {
        SqlWhere where = SqlTranslator.translate(query, database.dialect(), ImageField::sqlColumn);
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT i.id FROM images i WHERE " + visibleTo(viewer, parameters) + " AND (" + where.sql()
                + ") ORDER BY i.created_date, i.id";
        NativeQuery<String> select = session().createNativeQuery(sql, String.class);
        parameters.addAll(where.parameters());
        for (int i = 0; i < parameters.size(); i++) {
            select.setParameter(i + 1, parameters.get(i));
        }
        select.setTimeout(QUERY_TIMEOUT_SECONDS);
        select.setFirstResult(offset);
        select.setMaxResults(limit);
        List<String> ids = select.getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ImageEntity> byId = session().byMultipleIds(ImageEntity.class).multiLoad(ids).stream()
                .filter(Objects::nonNull).collect(Collectors.toMap(e -> e.id, Function.identity()));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    @Override
    @Transactional
    public Optional<ImageEntity> update(String id, UUID cause, Function<ImageEntity, Change> change) {
        // Lock the row first, so that concurrent changes of one image (access counts above all) wait for
        // each other instead of failing on the version. Only the images table: FOR UPDATE cannot cover the
        // outer joins that load the tags and locations.
        List<String> locked = session().createNativeQuery("SELECT id FROM images WHERE id = ? FOR UPDATE", String.class)
                .setParameter(1, id).getResultList();
        if (locked.isEmpty() || (cause != null && !processed.firstDelivery(cause))) {
            return Optional.empty();
        }
        ImageEntity image = session().find(ImageEntity.class, id);
        Change outcome = change.apply(image);
        outcome.announcements().forEach(outbox::queue);
        if (outcome.remove()) {
            session().remove(image);
        }
        return Optional.of(image);
    }

    @Override
    @Transactional
    public boolean recordAccess(String id, UUID cause, Instant at) {
        return update(id, cause, image -> {
            image.accessCount++;
            if (image.lastAccess == null || image.lastAccess.isBefore(at)) {
                image.lastAccess = at;
            }
            return Change.NONE;
        }).isPresent();
    }

    /** In id order, under a row lock so that two replicas never publish the same rows at once. */
    @Override
    public int relay(int max, Consumer<List<OutboxMessage>> publish) {
        return outbox.relay(max, publish);
    }

    @Override
    @Transactional
    public int forgetAppliedEventsBefore(Instant before) {
        return processed.forgetBefore(before);
    }

    @Override
    @Transactional
    public List<OwnerTotals> ownerTotals() {
        List<Object[]> rows = session().createNativeQuery("SELECT owner, COUNT(*), COALESCE(SUM(CASE WHEN status IN (?, ?)"
                        + " THEN size ELSE 0 END), 0) FROM images GROUP BY owner ORDER BY owner", Object[].class)
                .setParameter(1, ImageStatus.AVAILABLE.wire()).setParameter(2, ImageStatus.LOCKED.wire())
                .setTimeout(QUERY_TIMEOUT_SECONDS).getResultList();
        // COUNT and SUM come back as BIGINT or DECIMAL, depending on the database.
        return rows.stream().map(row -> new OwnerTotals((String) row[0], ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue())).toList();
    }

    @Override
    @Transactional
    public void ping() {
        if (!session().doReturningWork(connection -> connection.isValid(2))) {
            throw new IllegalStateException("the " + database.dialect() + " database does not answer");
        }
    }

    /** The condition for the images {@code viewer} may see (ImageStore#query), its parameters added in order. */
    private static String visibleTo(Caller viewer, List<Object> parameters) {
        if (viewer.isAdmin()) {
            return "1 = 1";
        }
        StringBuilder sql = new StringBuilder("(i.owner = ? OR i.permission = 'public'"
                + " OR EXISTS (SELECT 1 FROM image_shared_users su WHERE su.image_id = i.id AND su.user_name = ?)");
        parameters.add(viewer.username());
        parameters.add(viewer.username());
        if (!viewer.groups().isEmpty()) {
            sql.append(" OR EXISTS (SELECT 1 FROM image_shared_groups sg WHERE sg.image_id = i.id AND sg.group_name IN (");
            sql.append(String.join(", ", Collections.nCopies(viewer.groups().size(), "?"))).append("))");
            parameters.addAll(viewer.groups());
        }
        return sql.append(')').toString();
    }
}

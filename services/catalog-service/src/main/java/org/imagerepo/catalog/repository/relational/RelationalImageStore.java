package org.imagerepo.catalog.repository.relational;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.persistence.QueryTimeoutException;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.catalog.model.OutboxEntry;
import org.imagerepo.catalog.model.ProcessedEvent;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;
import org.imagerepo.persistence.OutboxStore;
import org.imagerepo.persistence.ProcessedEvents;
import org.imagerepo.query.Query;
import org.imagerepo.query.SqlDialect;
import org.imagerepo.query.SqlTranslator;
import org.imagerepo.query.SqlWhere;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.vocabulary.ImageStatus;

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
        // The page's entities are only read: no snapshots to keep, nothing to dirty-check at commit.
        session().setDefaultReadOnly(true);
        SqlWhere where = SqlTranslator.translate(query, database.dialect(), ImageField::sqlColumn);
        List<Object> parameters = new ArrayList<>();
        String sql = viewer.isAdmin()
                ? "SELECT i.id FROM images i WHERE " + where.sql() + " ORDER BY i.created_date, i.id"
                : visibleQuery(viewer, where, (int) Math.min((long) offset + limit, Integer.MAX_VALUE), parameters);
        if (viewer.isAdmin()) {
            parameters.addAll(where.parameters());
        }
        NativeQuery<String> select = session().createNativeQuery(sql, String.class);
        for (int i = 0; i < parameters.size(); i++) {
            select.setParameter(i + 1, parameters.get(i));
        }
        select.setTimeout((int) QUERY_TIMEOUT.toSeconds());
        select.setFirstResult(offset);
        select.setMaxResults(limit);
        List<String> ids;
        try {
            ids = select.getResultList();
        } catch (QueryTimeoutException e) {
            throw ImageStore.queryTimedOut(e);
        }
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
                .setTimeout((int) QUERY_TIMEOUT.toSeconds()).getResultList();
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

    /**
     * A page of the images {@code viewer} may see (ImageStore#query) that meet {@code where}, as the id column
     * of a query ordered by (created_date, id), its parameters added in order; the caller adds the page's
     * OFFSET/FETCH. ADR 17: one branch per way an image becomes visible, disjoint so that UNION ALL never
     * repeats an image — the caller's own images (index owner, created_date, id), public images of others
     * (partial index on created_date WHERE public), images of others shared with the caller by name, and
     * those shared with one of the caller's groups and not by name. Each branch is sorted and cut at
     * {@code first} rows (offset + limit: the page lies within the first {@code first} rows of every branch),
     * so each can walk its own index in date order and stop, and the outer sort merges at most four short,
     * sorted lists. An OR of the four ways in one WHERE, as before, leaves PostgreSQL one index (the date
     * order over every image, filtering) or none.
     *
     * <p>On PostgreSQL the branches bounded by the caller's own sets (owned images, shares) read those rows
     * through a subquery with OFFSET 0, which the planner does not flatten: the conditions are evaluated on
     * those rows only, never through a trigram index over the whole table (whose cost PostgreSQL under-estimates
     * for frequent trigrams: `os=^ubuntu` reads 350,000 entries to intersect them with 2,600 owned rows).
     */
    private String visibleQuery(Caller viewer, SqlWhere where, int first, List<Object> parameters) {
        boolean fence = database.dialect() == SqlDialect.POSTGRESQL;
        String cut = database.dialect() == SqlDialect.MARIADB ? " LIMIT " + first : " FETCH FIRST " + first + " ROWS ONLY";
        String order = " ORDER BY i.created_date, i.id" + cut;
        String me = viewer.username();
        List<String> branches = new ArrayList<>();

        branches.add(branch(fence, "%1$s.owner = ?", where, order));
        parameters.add(me);
        parameters.addAll(where.parameters());

        branches.add("SELECT i.id, i.created_date FROM images i WHERE i.permission = 'public' AND i.owner <> ? AND ("
                + where.sql() + ")" + order);
        parameters.add(me);
        parameters.addAll(where.parameters());

        branches.add(branch(fence, "%1$s.id IN (SELECT su.image_id FROM image_shared_users su WHERE su.user_name = ?)"
                + " AND %1$s.owner <> ? AND %1$s.permission <> 'public'", where, order));
        parameters.add(me);
        parameters.add(me);
        parameters.addAll(where.parameters());

        if (!viewer.groups().isEmpty()) {
            branches.add(branch(fence, "%1$s.id IN (SELECT sg.image_id FROM image_shared_groups sg WHERE sg.group_name IN ("
                    + String.join(", ", Collections.nCopies(viewer.groups().size(), "?")) + "))"
                    + " AND %1$s.owner <> ? AND %1$s.permission <> 'public'"
                    + " AND NOT EXISTS (SELECT 1 FROM image_shared_users su WHERE su.image_id = %1$s.id AND su.user_name = ?)",
                    where, order));
            parameters.addAll(viewer.groups());
            parameters.add(me);
            parameters.add(me);
            parameters.addAll(where.parameters());
        }
        return "SELECT v.id FROM (" + branches.stream().map(b -> "(" + b + ")").collect(Collectors.joining(" UNION ALL "))
                + ") v ORDER BY v.created_date, v.id";
    }

    /**
     * One branch: the images that {@code way} selects (written for the alias {@code %1$s}) and that meet
     * {@code where} (written for {@code images i}).
     */
    private static String branch(boolean fence, String way, SqlWhere where, String order) {
        String from = fence
                ? "(SELECT o.* FROM images o WHERE " + way.formatted("o") + " OFFSET 0) i WHERE ("
                : "images i WHERE " + way.formatted("i") + " AND (";
        return "SELECT i.id, i.created_date FROM " + from + where.sql() + ")" + order;
    }
}

package org.imagerepo.catalog.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.query.NativeQuery;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.query.Query;
import org.imagerepo.query.SqlTranslator;
import org.imagerepo.query.SqlWhere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Image metadata in the relational store. Queries are parameterised: no user text reaches the SQL. */
@ApplicationScoped
public class ImageRepository {

    /** A regex that runs away is cut off by the database rather than holding a connection. */
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    @Inject
    CatalogDatabase database;

    public Optional<ImageEntity> find(String id) {
        return Optional.ofNullable(database.session().find(ImageEntity.class, id));
    }

    public void persist(ImageEntity image) {
        database.session().persist(image);
    }

    public void delete(ImageEntity image) {
        database.session().remove(image);
    }

    /**
     * The images visible to {@code user} that match the query, oldest first, one page of them.
     * Visibility: the user's own images and public ones.
     */
    public List<ImageEntity> query(Query query, String user, int limit, int offset) {
        SqlWhere where = SqlTranslator.translate(query, database.dialect(), ImageField::sqlColumn);
        String sql = "SELECT i.id FROM images i WHERE (i.owner = ? OR i.permission = 'public') AND (" + where.sql()
                + ") ORDER BY i.created_date, i.id";
        NativeQuery<String> select = database.session().createNativeQuery(sql, String.class);
        List<Object> parameters = new ArrayList<>();
        parameters.add(user);
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
        Map<String, ImageEntity> byId = database.session().byMultipleIds(ImageEntity.class).multiLoad(ids).stream()
                .filter(Objects::nonNull).collect(Collectors.toMap(e -> e.id, Function.identity()));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** Counts one access atomically in the database, so concurrent consumers cannot lose an increment. */
    public boolean recordAccess(String id, Instant at) {
        int updated = database.session().createMutationQuery("""
                        update ImageEntity set accessCount = accessCount + 1,
                               lastAccess = case when lastAccess is null or lastAccess < :at then :at else lastAccess end
                        where id = :id""")
                .setParameter("at", at).setParameter("id", id).executeUpdate();
        return updated == 1;
    }
}

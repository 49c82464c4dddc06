package org.imagerepo.query;

import java.util.List;

/**
 * A WHERE-clause fragment with JDBC {@code ?} placeholders, and the values to bind to them in order.
 *
 * @param sql        a conjunction ({@code … AND …}), or {@code 1=1} when the query has no condition; put it
 *                   in parentheses before combining it with OR
 * @param parameters the patterns, one per {@code ?}, in the order the placeholders appear (for MariaDB
 *                   each is prefixed with the flags {@code (?is)}); every {@code ?} in {@code sql} is a placeholder
 */
public record SqlWhere(String sql, List<Object> parameters) {

    public SqlWhere {
        parameters = List.copyOf(parameters);
    }
}

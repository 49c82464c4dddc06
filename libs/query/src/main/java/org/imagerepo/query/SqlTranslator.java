package org.imagerepo.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Turns a query's conditions into a parameterised WHERE fragment. Patterns travel only as bound
 * parameters: the SQL text is made of the caller's column fragments, fixed operators and {@code ?}.
 */
public final class SqlTranslator {

    /** The fragment for a query without conditions: always true, so it can follow {@code WHERE} or {@code AND}. */
    public static final String NO_CONDITIONS = "1=1";

    private SqlTranslator() {
    }

    /**
     * @param columns maps a canonical field name to where it is stored; a multi-valued field should map to
     *                {@link SqlColumn#collection}
     * @throws IllegalArgumentException if {@code columns} has no column for a field in the query
     */
    public static SqlWhere translate(Query query, SqlDialect dialect, Function<String, SqlColumn> columns) {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(columns, "columns");
        if (query.conditions().isEmpty()) {
            return new SqlWhere(NO_CONDITIONS, List.of());
        }
        StringJoiner sql = new StringJoiner(" AND ");
        List<Object> parameters = new ArrayList<>();
        for (Condition condition : query.conditions()) {
            SqlColumn column = columns.apply(condition.field());
            if (column == null) {
                throw new IllegalArgumentException("No SQL column is mapped for field '" + condition.field() + "'");
            }
            String prefix = LiteralPrefix.of(condition.pattern());
            String folded = prefix.isEmpty() ? null : folded(column);
            String prefixMatch = folded == null ? null : dialect.prefixMatch(folded);
            sql.add(predicate(column, dialect, prefixMatch));
            if (prefixMatch != null) {
                parameters.add(SqlDialect.likePrefix(prefix));
            }
            parameters.add(dialect.parameter(condition.pattern()));
        }
        return new SqlWhere(sql.toString(), parameters);
    }

    private static String folded(SqlColumn column) {
        if (column instanceof SqlColumn.Scalar scalar) {
            return scalar.foldedExpression();
        }
        return column instanceof SqlColumn.Collection collection ? collection.foldedColumn() : null;
    }

    /** The regular-expression match, after the prefix condition when there is one (its parameter comes first). */
    private static String predicate(SqlColumn column, SqlDialect dialect, String prefixMatch) {
        String before = prefixMatch == null ? "" : prefixMatch + " AND ";
        if (column instanceof SqlColumn.Scalar scalar) {
            return prefixMatch == null ? dialect.regexMatch(scalar.columnExpression())
                    : "(" + before + dialect.regexMatch(scalar.columnExpression()) + ")";
        }
        if (column instanceof SqlColumn.Numeric numeric) {
            return dialect.regexMatch(dialect.asText(numeric.columnExpression()));
        }
        SqlColumn.Collection collection = (SqlColumn.Collection) column;
        return "EXISTS (SELECT 1 FROM " + collection.table() + " " + collection.alias()
                + " WHERE " + collection.joinCondition() + " AND " + before + dialect.regexMatch(collection.valueColumn()) + ")";
    }
}

package org.imagerepo.query;

/**
 * Where a field lives in the caller's schema. The strings are SQL written by the caller (trusted);
 * nothing from the query text is ever put into them.
 */
public sealed interface SqlColumn {

    /** A column (or any SQL expression) of the row being filtered, e.g. {@code "i.os"}. */
    static SqlColumn scalar(String columnExpression) {
        return new Scalar(columnExpression, null);
    }

    /**
     * A column with an indexed, case-folded copy beside it ({@code LOWER(UPPER(col))}, e.g. a generated
     * column): dialects that cannot index a regular expression ({@link SqlDialect#MARIADB}) AND an anchored
     * pattern's {@link LiteralPrefix} as a prefix condition on the copy. Other dialects ignore it.
     */
    static SqlColumn scalar(String columnExpression, String foldedExpression) {
        requireFragment(foldedExpression, "foldedExpression");
        return new Scalar(columnExpression, foldedExpression);
    }

    /**
     * A numeric column matched on its decimal text, e.g. {@code numeric("i.size")}: each dialect spells the
     * conversion its own way ({@link SqlDialect#asText}), so {@code size=^12} means the same on every store.
     */
    static SqlColumn numeric(String columnExpression) {
        return new Numeric(columnExpression);
    }

    /**
     * A multi-valued field kept in a child table. A condition on it becomes
     * {@code EXISTS (SELECT 1 FROM <table> <alias> WHERE <joinCondition> AND <match on valueColumn>)},
     * e.g. {@code collection("image_tag", "t", "t.image_id = i.id", "t.tag")}.
     */
    static SqlColumn collection(String table, String alias, String joinCondition, String valueColumn) {
        return new Collection(table, alias, joinCondition, valueColumn, null);
    }

    /** A multi-valued field whose child table also keeps a case-folded copy of the value (see {@link #scalar(String, String)}). */
    static SqlColumn collection(String table, String alias, String joinCondition, String valueColumn, String foldedColumn) {
        requireFragment(foldedColumn, "foldedColumn");
        return new Collection(table, alias, joinCondition, valueColumn, foldedColumn);
    }

    /** @param foldedExpression {@code LOWER(UPPER(columnExpression))} kept in an indexed column, or null */
    record Scalar(String columnExpression, String foldedExpression) implements SqlColumn {
        public Scalar {
            requireFragment(columnExpression, "columnExpression");
        }
    }

    record Numeric(String columnExpression) implements SqlColumn {
        public Numeric {
            requireFragment(columnExpression, "columnExpression");
        }
    }

    /** @param foldedColumn {@code LOWER(UPPER(valueColumn))} kept in an indexed column of the child table, or null */
    record Collection(String table, String alias, String joinCondition, String valueColumn, String foldedColumn)
            implements SqlColumn {
        public Collection {
            requireFragment(table, "table");
            requireFragment(alias, "alias");
            requireFragment(joinCondition, "joinCondition");
            requireFragment(valueColumn, "valueColumn");
        }
    }

    /** A '?' in a fragment would shift every placeholder after it and bind patterns to the wrong place. */
    private static void requireFragment(String fragment, String name) {
        if (fragment == null || fragment.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (fragment.indexOf('?') >= 0) {
            throw new IllegalArgumentException(name + " must not contain '?': " + fragment);
        }
    }
}

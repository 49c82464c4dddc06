package org.imagerepo.query;

/**
 * Where a field lives in the caller's schema. The strings are SQL written by the caller (trusted);
 * nothing from the query text is ever put into them.
 */
public sealed interface SqlColumn {

    /** A column (or any SQL expression) of the row being filtered, e.g. {@code "i.os"}. */
    static SqlColumn scalar(String columnExpression) {
        return new Scalar(columnExpression);
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
        return new Collection(table, alias, joinCondition, valueColumn);
    }

    record Scalar(String columnExpression) implements SqlColumn {
        public Scalar {
            requireFragment(columnExpression, "columnExpression");
        }
    }

    record Numeric(String columnExpression) implements SqlColumn {
        public Numeric {
            requireFragment(columnExpression, "columnExpression");
        }
    }

    record Collection(String table, String alias, String joinCondition, String valueColumn) implements SqlColumn {
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

package org.imagerepo.query;

/**
 * How each relational back-end spells "this column contains a match of the pattern, ignoring case".
 *
 * <p>All three are also told that {@code .} matches a line break, because that is what PostgreSQL
 * does by default; without it a description with several lines would match differently per store.
 */
public enum SqlDialect {

    /** {@code col ~* ?}: PostgreSQL's case-insensitive match. */
    POSTGRESQL {
        @Override
        String regexMatch(String columnExpression) {
            return columnExpression + " ~* ?";
        }
    },

    /** {@code REGEXP_LIKE(col, ?, 'in')}: java.util.regex with CASE_INSENSITIVE ({@code i}) and DOTALL ({@code n}). */
    H2 {
        @Override
        String regexMatch(String columnExpression) {
            return "REGEXP_LIKE(" + columnExpression + ", ?, 'in')";
        }
    },

    /**
     * {@code col REGEXP ?} bound to {@code (?is)} + the pattern: MariaDB 10.5+ (PCRE2). REGEXP alone
     * ignores case only under a case-insensitive collation; the inline flags make it independent of
     * the collation. They travel in the parameter so that every {@code ?} in the SQL is a placeholder.
     * (Lower-casing both sides instead would turn {@code \D} into {@code \d}.)
     */
    MARIADB {
        @Override
        String regexMatch(String columnExpression) {
            return columnExpression + " REGEXP ?";
        }

        @Override
        String parameter(String pattern) {
            return "(?is)" + pattern;
        }

        /**
         * MariaDB cannot index REGEXP: an anchored pattern's literal prefix becomes a LIKE range on the
         * column's folded copy, ANDed with the REGEXP ({@link LiteralPrefix}). '!' escapes LIKE's wildcards.
         */
        @Override
        String prefixMatch(String foldedExpression) {
            return foldedExpression + " LIKE ? ESCAPE '!'";
        }

        /** MariaDB/MySQL cast only to CHAR (not VARCHAR); without a length CHAR is not padded. */
        @Override
        public String asText(String numericExpression) {
            return "CAST(" + numericExpression + " AS CHAR)";
        }
    };

    /** A predicate on {@code columnExpression} with exactly one {@code ?}, to be bound to {@link #parameter}. */
    abstract String regexMatch(String columnExpression);

    /**
     * The decimal text of an integer expression. VARCHAR, not CHAR(n): PostgreSQL and H2 pad CHAR(n) with
     * blanks, and a padded {@code 12  } would fail {@code ^12$}.
     */
    public String asText(String numericExpression) {
        return "CAST(" + numericExpression + " AS VARCHAR(20))";
    }

    /**
     * A predicate with one {@code ?} (bound to {@link #likePrefix}) that holds for every row whose folded copy
     * starts with a prefix, or null if the dialect does not use folded copies (PostgreSQL indexes regular
     * expressions with trigrams; H2 is small).
     */
    String prefixMatch(String foldedExpression) {
        return null;
    }

    /** A LIKE pattern for "starts with {@code prefix}", with '!' as the escape character. */
    static String likePrefix(String prefix) {
        StringBuilder like = new StringBuilder(prefix.length() + 2);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '!' || c == '%' || c == '_') {
                like.append('!');
            }
            like.append(c);
        }
        return like.append('%').toString();
    }

    /** The value to bind for {@code pattern}; the pattern itself unless the dialect needs flags in it. */
    String parameter(String pattern) {
        return pattern;
    }
}

package org.imagerepo.query;

import java.util.Objects;

/**
 * One {@code field=pattern} condition: the field's value (or, for a multi-valued field, any of its
 * values) must contain a match of {@code pattern}, ignoring case.
 *
 * <p>The pattern always satisfies {@link RegexPolicy}, however the condition was built, so that no
 * path can hand a back-end a regular expression it cannot evaluate safely.
 */
public record Condition(String field, String pattern) {

    public Condition {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(pattern, "pattern");
        RegexPolicy.check(pattern).ifPresent(violation -> {
            throw new QueryException(violation.kind().title() + " for '" + field + "': " + violation.detail(), -1, null);
        });
    }
}

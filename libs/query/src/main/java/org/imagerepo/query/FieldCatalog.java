package org.imagerepo.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fields a query may name, as the caller's data model defines them. Names are matched
 * case-insensitively and resolved to the canonical spelling given here, so {@code vmtype} in a query
 * becomes {@code vmType} in the parsed tree.
 *
 * <pre>{@code
 * FieldCatalog catalog = FieldCatalog.builder()
 *         .scalar("os").scalar("vmType").multiValued("tag")
 *         .projectionOnly("imgURI")
 *         .build();
 * }</pre>
 */
public final class FieldCatalog {

    /**
     * A field of the catalog.
     *
     * @param name        canonical spelling
     * @param multiValued the field holds a list (e.g. tags); a condition matches if any element matches
     * @param searchable  the field may appear in a condition; otherwise it can only be selected
     */
    public record Field(String name, boolean multiValued, boolean searchable) {
    }

    private final Map<String, Field> byLowerCaseName;

    private FieldCatalog(Map<String, Field> byLowerCaseName) {
        this.byLowerCaseName = byLowerCaseName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The field called {@code name}, compared ignoring case. */
    public Optional<Field> field(String name) {
        return Optional.ofNullable(byLowerCaseName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** All fields, in the order they were declared. */
    public List<Field> fields() {
        return List.copyOf(byLowerCaseName.values());
    }

    String namesOfAllFields() {
        return byLowerCaseName.values().stream().map(Field::name).collect(Collectors.joining(", "));
    }

    String namesOfSearchableFields() {
        return byLowerCaseName.values().stream().filter(Field::searchable).map(Field::name)
                .collect(Collectors.joining(", "));
    }

    public static final class Builder {

        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        /** A single-valued field that can be selected and searched. */
        public Builder scalar(String name) {
            return add(new Field(name, false, true));
        }

        /** A list-valued field (such as tags) that can be selected and searched. */
        public Builder multiValued(String name) {
            return add(new Field(name, true, true));
        }

        /** A single-valued field that can be selected but not searched (e.g. a URI or a size). */
        public Builder projectionOnly(String name) {
            return add(new Field(name, false, false));
        }

        private Builder add(Field field) {
            fields.add(field);
            return this;
        }

        /**
         * @throws IllegalArgumentException if a name is not an identifier ({@code [A-Za-z_][A-Za-z0-9_]*}),
         *                                  is the keyword {@code where}, or repeats another name ignoring case
         */
        public FieldCatalog build() {
            Map<String, Field> byLowerCaseName = new LinkedHashMap<>();
            for (Field field : fields) {
                String name = field.name();
                if (!QueryParser.isIdentifier(name)) {
                    throw new IllegalArgumentException("Field name '" + name + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
                }
                String key = name.toLowerCase(Locale.ROOT);
                if (key.equals(QueryParser.WHERE)) {
                    throw new IllegalArgumentException("'" + name + "' is the query keyword and cannot be a field name");
                }
                Field previous = byLowerCaseName.putIfAbsent(key, field);
                if (previous != null) {
                    throw new IllegalArgumentException("Field '" + name + "' is declared twice (as '" + previous.name() + "' before)");
                }
            }
            return new FieldCatalog(byLowerCaseName);
        }
    }
}

package org.imagerepo.query;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The image catalog the tests query, shaped like the catalog-service's metadata. */
final class Catalogs {

    static final FieldCatalog IMAGES = FieldCatalog.builder()
            .scalar("imgId")
            .scalar("owner")
            .scalar("name")
            .scalar("os")
            .scalar("description")
            .multiValued("tag")
            .scalar("vmType")
            .scalar("imgType")
            .scalar("permission")
            .scalar("imgStatus")
            .projectionOnly("imgURI")
            .projectionOnly("size")
            .build();

    private Catalogs() {
    }

    static Query parse(String text) {
        return Query.parse(text, IMAGES);
    }

    static QueryException parseError(String text) {
        return assertThrows(QueryException.class, () -> parse(text));
    }
}

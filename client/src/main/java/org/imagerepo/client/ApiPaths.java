package org.imagerepo.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The REST paths more than one area uses, and the encoding of the names and values that go into paths. */
final class ApiPaths {

    static final String IMAGES = "/api/v1/images";

    private ApiPaths() {
    }

    /** The path of one image; an id is required before anything is sent. */
    static String image(String id) {
        if (id == null || id.isBlank()) {
            throw new BadRequestException(0, null, null, "an image id is required");
        }
        return IMAGES + "/" + encode(id);
    }

    /** {@code name} (of a {@code what}: user, group, rule...) as one path segment; a name is required. */
    static String segment(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new BadRequestException(0, null, null, "a " + what + " name is required");
        }
        return encode(name.strip());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string of the parameters that are given ({@code null}s and blanks are left out), each encoded. */
    static final class Query {
        private final StringBuilder query = new StringBuilder();

        Query add(String name, Object value) {
            if (value != null && !(value instanceof String str && str.isBlank())) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(encode(String.valueOf(value).strip()));
            }
            return this;
        }

        @Override
        public String toString() {
            return query.toString();
        }
    }
}

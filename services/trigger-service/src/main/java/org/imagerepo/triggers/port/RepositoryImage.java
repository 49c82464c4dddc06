package org.imagerepo.triggers.port;

import org.imagerepo.vocabulary.ImageStatus;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the rules need to know of an image.
 *
 * @param status     pending, available, locked or failed
 * @param lastAccess when its bytes were last fetched, or null if never
 * @param locations  every copy's location; a location's URI scheme is the store holding it
 */
public record RepositoryImage(String id, String name, String owner, String status, String description,
                              List<String> tags, Instant createdDate, Instant lastAccess, List<String> locations) {

    public RepositoryImage {
        tags = tags == null ? List.of() : List.copyOf(tags);
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    public boolean hasStatus(ImageStatus wanted) {
        return wanted.wire().equalsIgnoreCase(status);
    }

    public boolean hasTag(String tag) {
        return tags.stream().anyMatch(t -> t.equalsIgnoreCase(tag));
    }

    /** When it was last used: its last access, or its registration if never accessed. */
    public Instant lastUse() {
        return lastAccess != null ? lastAccess : createdDate;
    }

    /** Its copy in {@code store}, if it has one. */
    public Optional<String> locationIn(String store) {
        return locations.stream().filter(l -> store.equalsIgnoreCase(scheme(l))).findFirst();
    }

    private static String scheme(String location) {
        try {
            String scheme = URI.create(location).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            int colon = location.indexOf(':');
            return colon < 0 ? "" : location.substring(0, colon);
        }
    }
}

package org.imagerepo.blob.client;

import java.util.List;

/**
 * What blob-service needs to know of an image's catalog entry. {@code locations} lists every copy of the
 * bytes, the first being {@code imgURI} (ADR 6); a catalog that sends only {@code imgURI} gives one.
 */
public record CatalogImage(String imgId, String name, String owner, String imgStatus, String imgURI, Long size,
                           String sha256, List<String> locations) {

    public CatalogImage {
        if (locations == null || locations.isEmpty()) {
            locations = imgURI == null ? List.of() : List.of(imgURI);
        } else {
            locations = List.copyOf(locations);
        }
    }

    public CatalogImage(String imgId, String name, String owner, String imgStatus, String imgURI, Long size,
                        String sha256) {
        this(imgId, name, owner, imgStatus, imgURI, size, sha256, null);
    }

    public boolean hasBytes() {
        return "available".equals(imgStatus) || "locked".equals(imgStatus);
    }

    public boolean awaitsBytes() {
        return "pending".equals(imgStatus) || "failed".equals(imgStatus);
    }
}

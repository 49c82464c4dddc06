package org.imagerepo.blob.client;

import org.imagerepo.vocabulary.ImageStatus;

import java.util.List;
import java.util.Optional;

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

    /** The copy in the store of {@code kind}: the location whose scheme is that kind, if there is one. */
    public Optional<String> locationIn(String kind) {
        return locations.stream().filter(l -> l.startsWith(kind + ":")).findFirst();
    }

    public boolean hasBytes() {
        return ImageStatus.ofWire(imgStatus).filter(ImageStatus::hasBytes).isPresent();
    }

    public boolean awaitsBytes() {
        return ImageStatus.ofWire(imgStatus).filter(status -> !status.hasBytes()).isPresent();
    }

    public boolean uploadFailed() {
        return ImageStatus.FAILED.wire().equals(imgStatus);
    }
}

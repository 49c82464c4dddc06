package org.imagerepo.catalog.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.catalog.model.ImageEntity;

import java.time.Instant;
import java.util.List;

/** An image as the API shows it; field names are the paper's (Table I) and the query language's. */
@Schema(name = "Image", description = "An image: the paper's fields (Table I) and the query language's; null where "
        + "not set or not known yet")
public record ImageView(String imgId, @Schema(nullable = true) String name, String owner,
                        @Schema(nullable = true) String os, @Schema(nullable = true) String description,
                        List<String> tag, String vmType, String imgType, String permission, String imgStatus,
                        @Schema(nullable = true) String statusReason, @Schema(nullable = true) String imgURI,
                        Instant createdDate, @Schema(nullable = true) Instant lastAccess, long accessCount,
                        @Schema(nullable = true) Long size, @Schema(nullable = true) String sha256,
                        @Schema(nullable = true) String md5, @Schema(nullable = true) String arch,
                        @Schema(nullable = true) String diskFormat, List<String> locations, List<String> sharedUsers,
                        List<String> sharedGroups) {

    public static ImageView of(ImageEntity e) {
        return new ImageView(e.id, e.name, e.owner, e.os, e.description, List.copyOf(e.tags), e.vmType, e.imgType,
                e.permission, e.status, e.statusReason, e.imgUri, e.createdDate, e.lastAccess, e.accessCount, e.size,
                e.sha256, e.md5, e.arch, e.diskFormat, List.copyOf(e.locations),
                List.copyOf(e.sharedUsers), List.copyOf(e.sharedGroups));
    }
}

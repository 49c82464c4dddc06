package org.imagerepo.catalog.rest;

import org.imagerepo.catalog.model.ImageEntity;

import java.time.Instant;
import java.util.List;

/** An image as the API shows it; field names are the paper's (Table I) and the query language's. */
public record ImageView(String imgId, String name, String owner, String os, String description, List<String> tag,
                        String vmType, String imgType, String permission, String imgStatus, String statusReason,
                        String imgURI, Instant createdDate, Instant lastAccess, long accessCount, Long size,
                        String sha256, String md5, String arch, String diskFormat,
                        List<String> locations, List<String> sharedUsers, List<String> sharedGroups) {

    public static ImageView of(ImageEntity e) {
        return new ImageView(e.id, e.name, e.owner, e.os, e.description, List.copyOf(e.tags), e.vmType, e.imgType,
                e.permission, e.status, e.statusReason, e.imgUri, e.createdDate, e.lastAccess, e.accessCount, e.size,
                e.sha256, e.md5, e.arch, e.diskFormat, List.copyOf(e.locations),
                List.copyOf(e.sharedUsers), List.copyOf(e.sharedGroups));
    }
}

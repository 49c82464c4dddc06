package org.imagerepo.blob.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a copy: where the new copy is, and what was checked. */
@Schema(name = "ImageCopy", description = "A new copy of an image's bytes in another store, checked against the "
        + "catalog's sha256")
public record CopyResult(String imgId, String store, String location, long size, String sha256) {
}

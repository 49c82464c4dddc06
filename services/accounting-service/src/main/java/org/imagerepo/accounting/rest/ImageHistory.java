package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.accounting.model.ImageBook;

import java.time.Instant;

/** An image's books as the history answers them; owner, name and size are null while no event said them. */
@Schema(name = "ImageBooks", description = "An image's books; owner, name and size null while no event said them")
public record ImageHistory(String imgId, @Schema(nullable = true) String owner, @Schema(nullable = true) String name,
                           @Schema(nullable = true) Long size, String status, long accessCount, long bytesTransferred,
                           @Schema(nullable = true) Instant lastAccess, @Schema(nullable = true) Instant storedAt,
                           @Schema(nullable = true) Instant deletedAt) {

    public static ImageHistory of(ImageBook book) {
        return new ImageHistory(book.imgId, book.owner, book.name, book.size, book.status.wire(), book.accessCount,
                book.bytesTransferred, book.lastAccess, book.storedAt, book.deletedAt);
    }
}

package org.imagerepo.accounting.rest;

import org.imagerepo.accounting.model.ImageBook;

import java.time.Instant;

/** An image's books as the history answers them; owner, name and size are null while no event said them. */
public record ImageHistory(String imgId, String owner, String name, Long size, String status, long accessCount,
                           long bytesTransferred, Instant lastAccess, Instant storedAt, Instant deletedAt) {

    public static ImageHistory of(ImageBook book) {
        return new ImageHistory(book.imgId, book.owner, book.name, book.size, book.status.wire(), book.accessCount,
                book.bytesTransferred, book.lastAccess, book.storedAt, book.deletedAt);
    }
}

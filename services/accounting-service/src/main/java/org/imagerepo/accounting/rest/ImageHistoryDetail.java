package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.accounting.model.AccessRecord;
import org.imagerepo.accounting.model.ImageBook;

import java.time.Instant;
import java.util.List;

/** One image's books with a page of its downloads, newest first; {@code total} counts them all, ranges too. */
@Schema(name = "ImageBooksWithAccesses")
public record ImageHistoryDetail(String imgId, @Schema(nullable = true) String owner,
                                 @Schema(nullable = true) String name, @Schema(nullable = true) Long size,
                                 String status, long accessCount, long bytesTransferred,
                                 @Schema(nullable = true) Instant lastAccess,
                                 @Schema(nullable = true) Instant storedAt,
                                 @Schema(nullable = true) Instant deletedAt, List<Access> accesses, long total) {

    /** One download; {@code wholeImage} false for a byte range. */
    @Schema(name = "ImageAccess", description = "One download; wholeImage false for a byte range")
    public record Access(String eventId, String username, Instant at, long bytes, boolean wholeImage) {

        static Access of(AccessRecord record) {
            return new Access(record.eventId, record.username, record.accessedAt, record.bytes, record.wholeImage);
        }
    }

    public static ImageHistoryDetail of(ImageBook book, List<AccessRecord> accesses, long total) {
        return new ImageHistoryDetail(book.imgId, book.owner, book.name, book.size, book.status.wire(),
                book.accessCount, book.bytesTransferred, book.lastAccess, book.storedAt, book.deletedAt,
                accesses.stream().map(Access::of).toList(), total);
    }
}

package org.imagerepo.accounting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The books of one image (table {@code accounting_images}), made by whichever of its events came first:
 * events of different topics arrive in any order, so the owner is null until an image event names it.
 * One plain entity shared by both persistence units, used through the active unit's session, like the
 * outbox (it needs no Panache: see UserRepository for why users have one entity per database).
 */
@Entity
@Table(name = "accounting_images")
public class ImageBook {

    @Id
    @Column(name = "img_id", length = 64)
    public String imgId;

    @Column(length = 64)
    public String owner;

    @Column(length = 255)
    public String name;

    /** Bytes, from the first BlobStored (or, for an image deleted before its bytes were seen, ImageDeleted). */
    public Long size;

    @Convert(converter = BookStatusColumn.class)
    @Column(length = 16, nullable = false)
    public BookStatus status;

    @Column(name = "registered_at")
    public Instant registeredAt;

    /** When the first copy of the bytes was stored: from then on they count as usage. */
    @Column(name = "stored_at")
    public Instant storedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** Whole-image downloads. */
    @Column(name = "access_count", nullable = false)
    public long accessCount;

    /** Bytes of every download, ranges too. */
    @Column(name = "bytes_transferred", nullable = false)
    public long bytesTransferred;

    /** The latest whole-image download. */
    @Column(name = "last_access")
    public Instant lastAccess;

    public static ImageBook unknown(String imgId) {
        ImageBook book = new ImageBook();
        book.imgId = imgId;
        book.status = BookStatus.PENDING;
        return book;
    }

    /** What this image adds to its owner's imageCount: it is theirs and not deleted. */
    public long countedImages() {
        return owner != null && status != BookStatus.DELETED ? 1 : 0;
    }

    /** What this image adds to its owner's usedBytes: its bytes are stored and it is not deleted. */
    public long countedBytes() {
        return owner != null && status == BookStatus.AVAILABLE && size != null ? size : 0;
    }
}

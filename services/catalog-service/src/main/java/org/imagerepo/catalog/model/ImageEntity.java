package org.imagerepo.catalog.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One image's metadata: the paper's Table I plus checksums, name, architecture and disk format.
 * Enumerated values are stored as their lower-case wire words so that queries see what users see.
 * It is also the store-neutral model the service's rules work on: the MongoDB store maps it to its
 * own document ({@code ImageDocument}).
 */
@Entity
@Table(name = "images")
public class ImageEntity {

    @Id
    @Column(length = 36)
    public String id;

    @Column(length = 255, nullable = false)
    public String name;

    @Column(length = 64, nullable = false)
    public String owner;

    @Column(length = 255)
    public String os;

    @Column(length = 4000)
    public String description;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "image_tags", joinColumns = @JoinColumn(name = "image_id"))
    @OrderColumn(name = "position")
    @Column(name = "tag", length = 64, nullable = false)
    public List<String> tags = new ArrayList<>();

    @Column(name = "vm_type", length = 16, nullable = false)
    public String vmType;

    @Column(name = "img_type", length = 16, nullable = false)
    public String imgType;

    @Column(length = 16, nullable = false)
    public String permission;

    @Column(length = 16, nullable = false)
    public String status;

    /** Why the image is failed, for the owner to read. */
    @Column(name = "status_reason", length = 1000)
    public String statusReason;

    @Column(length = 32, nullable = false)
    public String arch;

    @Column(name = "disk_format", length = 16, nullable = false)
    public String diskFormat;

    /** Where blob-service keeps the bytes: an opaque location owned by the storage plugin; the first of {@link #locations}. */
    @Column(name = "img_uri", length = 1024)
    public String imgUri;

    /** Every store holding a copy of the bytes (ADR 6), the upload's first. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "image_locations", joinColumns = @JoinColumn(name = "image_id"))
    @OrderColumn(name = "position")
    @Column(name = "location", length = 1024, nullable = false)
    public List<String> locations = new ArrayList<>();

    /** Users the owner shared the image with (ADR 9); they see it as if it were public. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "image_shared_users", joinColumns = @JoinColumn(name = "image_id"))
    @OrderColumn(name = "position")
    @Column(name = "user_name", length = 64, nullable = false)
    public List<String> sharedUsers = new ArrayList<>();

    /** LDAP groups (projects) the owner shared the image with; their members see it. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "image_shared_groups", joinColumns = @JoinColumn(name = "image_id"))
    @OrderColumn(name = "position")
    @Column(name = "group_name", length = 128, nullable = false)
    public List<String> sharedGroups = new ArrayList<>();

    @Column(name = "created_date", nullable = false)
    public Instant createdDate;

    @Column(name = "last_access")
    public Instant lastAccess;

    @Column(name = "access_count", nullable = false)
    public long accessCount;

    /** Bytes stored; null until the upload completes. */
    public Long size;

    @Column(length = 64)
    public String sha256;

    @Column(length = 32)
    public String md5;

    @Version
    public long version;
}

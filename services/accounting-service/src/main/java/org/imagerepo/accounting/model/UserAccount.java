package org.imagerepo.accounting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;

import java.time.Instant;

/**
 * A user's record: the columns of table {@code accounting_users}. Each database has its own entity over
 * these columns (see {@code repository.UserRepository} for why); code outside the repositories sees only
 * this type.
 */
@MappedSuperclass
public abstract class UserAccount {

    /** The LDAP uid. */
    @Id
    @Column(length = 64)
    public String username;

    @Convert(converter = RoleColumn.class)
    @Column(length = 16, nullable = false)
    public Role role;

    @Convert(converter = StatusColumn.class)
    @Column(length = 16, nullable = false)
    public UserStatus status;

    /** Bytes the user may store. */
    @Column(nullable = false)
    public long quota;

    /** Sum of the sizes of the stored, not deleted images the user owns (kept from the blob and image events). */
    @Column(name = "used_bytes", nullable = false)
    public long usedBytes;

    /** Held by the user's uploads in progress (their reservations). */
    @Column(name = "reserved_bytes", nullable = false)
    public long reservedBytes;

    /** Images the user owns, not deleted (kept from the image events). */
    @Column(name = "image_count", nullable = false)
    public long imageCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Null until the user first signs in (an administrator may add a user before that). */
    @Column(name = "last_sign_in")
    public Instant lastSignIn;
}

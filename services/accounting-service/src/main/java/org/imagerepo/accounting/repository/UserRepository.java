package org.imagerepo.accounting.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.LockModeType;
import org.imagerepo.accounting.model.NewUser;
import org.imagerepo.accounting.model.UserAccount;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The users' table through Panache, in the caller's transaction. One concrete repository per database:
 * Panache ties an entity class to one persistence unit, and Quarkus fixes a persistence unit's database kind
 * when it builds, so that the one packaged service runs on H2 or PostgreSQL by configuration alone
 * ({@code imagerepo.accounting.database}), each database has its own one-line entity over the same columns
 * ({@link UserAccount}). {@link AccountingDatabase} picks the active one.
 */
public abstract class UserRepository<T extends UserAccount> implements PanacheRepositoryBase<T, String> {

    /** A new, unsaved entity of this database's class. */
    protected abstract T newAccount();

    public Optional<UserAccount> find(String username) {
        return findByIdOptional(username).map(UserAccount.class::cast);
    }

    /** The record, locked until the transaction ends: concurrent changes of one user wait for each other. */
    public Optional<UserAccount> lock(String username) {
        return findByIdOptional(username, LockModeType.PESSIMISTIC_WRITE).map(UserAccount.class::cast);
    }

    /** In user-name order. */
    public List<UserAccount> page(int offset, int limit) {
        return List.copyOf(findAll(Sort.by("username")).range(offset, offset + limit - 1).list());
    }

    /**
     * Inserts a record and flushes it, so that a duplicate fails here (a PersistenceException) rather than
     * at commit.
     */
    public UserAccount insert(NewUser values) {
        T account = newAccount();
        account.username = values.username();
        account.role = values.role();
        account.status = values.status();
        account.quota = values.quota();
        account.createdAt = values.createdAt();
        account.lastSignIn = values.lastSignIn();
        persistAndFlush(account);
        return account;
    }

    /** Deletes the record under a row lock, so that of two concurrent removals one finds nothing. */
    public boolean remove(String username) {
        Optional<T> account = findByIdOptional(username, LockModeType.PESSIMISTIC_WRITE);
        account.ifPresent(this::delete);
        return account.isPresent();
    }

    /**
     * Sets the last sign-in to {@code at} if it is older than {@code staleBefore} (or unset): one conditional
     * UPDATE, so frequent sign-ins neither write every time nor wait for each other's row lock.
     *
     * @return whether the row was written
     */
    public boolean touchSignIn(String username, Instant at, Instant staleBefore) {
        return update("lastSignIn = ?1 where username = ?2 and (lastSignIn is null or lastSignIn < ?3)",
                at, username, staleBefore) > 0;
    }
}

package org.imagerepo.accounting.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.accounting.repository.Outbox;
import org.imagerepo.accounting.repository.Reservations;
import org.imagerepo.events.UsageChanged;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The users' usage columns (usedBytes, reservedBytes, imageCount), changed under the user's row lock and
 * announced as UsageChanged in the same transaction. The books per owner are the image table; a user's
 * columns follow it while the user exists, and are computed from it when the user (re)appears.
 *
 * <p>Lock order, everywhere: an image's row, then user rows in name order, then reservation rows. So two
 * transactions never wait for each other in a circle.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class UsageLedger {

    @Inject
    AccountingDatabase database;

    @Inject
    Books books;

    @Inject
    Reservations reservations;

    @Inject
    Outbox outbox;

    /** The records of those of {@code names} that exist, locked in name order. */
    public Map<String, UserAccount> lock(Collection<String> names) {
        Map<String, UserAccount> locked = new LinkedHashMap<>();
        for (String name : new TreeSet<>(names)) {
            database.users().lock(name).ifPresent(user -> locked.put(name, user));
        }
        return locked;
    }

    /** Adds to a locked user's columns (never below 0) and announces the new state if it changed. */
    public void add(UserAccount user, long usedBytes, long reservedBytes, long images, String actor) {
        if (usedBytes == 0 && reservedBytes == 0 && images == 0) {
            return;
        }
        user.usedBytes = Math.max(0, user.usedBytes + usedBytes);
        user.reservedBytes = Math.max(0, user.reservedBytes + reservedBytes);
        user.imageCount = Math.max(0, user.imageCount + images);
        announce(user, actor);
    }

    /**
     * Sets the user's columns to what the books say (images and bytes from the image table, reservations
     * from theirs), under the row lock, announcing a change. For a user who just appeared: their images'
     * events may have come before them.
     */
    public Optional<UserAccount> recompute(String username, String actor) {
        Optional<UserAccount> locked = database.users().lock(username);
        locked.ifPresent(user -> {
            Books.Owned owned = books.owned(username);
            long reserved = reservations.heldBy(username);
            if (user.usedBytes != owned.bytes() || user.imageCount != owned.images() || user.reservedBytes != reserved) {
                user.usedBytes = owned.bytes();
                user.imageCount = owned.images();
                user.reservedBytes = reserved;
                announce(user, actor);
            }
        });
        return locked;
    }

    /** Sets a locked user's usage to the given truth (a reconciliation's repair), announcing it. */
    public void set(UserAccount user, long usedBytes, long images, String actor) {
        if (user.usedBytes != usedBytes || user.imageCount != images) {
            user.usedBytes = usedBytes;
            user.imageCount = images;
            announce(user, actor);
        }
    }

    /** Queues UsageChanged with the user's whole new state. */
    public void announce(UserAccount user, String actor) {
        outbox.queue(UsageChanged.of(actor, user.username, user.usedBytes, user.reservedBytes, user.imageCount, user.quota));
    }
}

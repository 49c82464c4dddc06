package org.imagerepo.accounting.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.imagerepo.accounting.config.AccountingConfig;
import org.imagerepo.accounting.model.NewUser;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.accounting.repository.Outbox;
import org.imagerepo.accounting.repository.UserRepository;
import org.imagerepo.events.UserRegistered;
import org.imagerepo.events.UserRemoved;
import org.imagerepo.events.UserUpdated;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users' records: registration at first sign-in, what only admins may change, and the events announcing
 * each change (queued in the change's transaction). The record is authoritative once it exists: a later
 * sign-in does not take the role from the token again (ADR 9).
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    public static final int MAX_PAGE = 1000;
    /** The last sign-in is written at most this often per user: the gateway signs users in every few seconds. */
    static final Duration SIGN_IN_RESOLUTION = Duration.ofMinutes(1);
    /** A first sign-in that loses an insert race reads the winner's record; this bounds the rounds. */
    private static final int SIGN_IN_ATTEMPTS = 3;

    @Inject
    AccountingDatabase database;

    @Inject
    Outbox outbox;

    @Inject
    AccountingConfig config;

    @Inject
    UsageLedger ledger;

    /**
     * Records a sign-in and answers the record, registering the user the first time: with the token's role,
     * and the configured status, except that a directory admin starts activated (else nobody could activate
     * anyone). Idempotent, and safe when several gateways sign the same user in at once.
     */
    public UserAccount signIn(Caller caller) {
        if (caller.status() != null) {
            throw new ForbiddenException("Only the gateway signs users in, with a sign-in identity (one without a "
                    + "status); this request carries the identity of an ordinary request of " + caller.username() + ".");
        }
        String name = caller.username();
        Instant now = now();
        RuntimeException lastRace = null;
        for (int attempt = 0; attempt < SIGN_IN_ATTEMPTS; attempt++) {
            Optional<UserAccount> known = QuarkusTransaction.requiringNew().call(() -> {
                users().touchSignIn(name, now, now.minus(SIGN_IN_RESOLUTION));
                return users().find(name);
            });
            if (known.isPresent()) {
                return known.get();
            }
            UserStatus status = caller.isAdmin() ? UserStatus.ACTIVATED : config.newUserStatus();
            try {
                QuarkusTransaction.requiringNew().run(() ->
                        register(name, new NewUser(name, caller.role(), status, config.defaultQuota(), now, now)));
                return countUsage(name, name);
            } catch (RuntimeException e) {
                if (!causedBy(e, PersistenceException.class)) {
                    throw e;
                }
                // Another request (another gateway replica) registered the user first: read its record.
                LOG.debugf("first sign-in of %s lost a race (%s); reading the record again", name, e.getMessage());
                lastRace = e;
            }
        }
        throw lastRace;
    }

    /** The caller's own record, whatever their status. */
    @Transactional
    public UserAccount me(Caller caller) {
        return users().find(caller.username()).orElseThrow(() -> new NotFoundException(
                "The repository has no record of " + caller.username() + " yet: sign in through the gateway "
                        + "('imagerepo login'), which creates it."));
    }

    @Transactional
    public List<UserAccount> list(Caller caller, int limit, int offset) {
        caller.requireAdmin("list users");
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new InvalidRequestException("invalid-page",
                    "limit must be between 1 and " + MAX_PAGE + " and offset must not be negative.");
        }
        return users().page(offset, limit);
    }

    /** An admin adds a user before their first sign-in; the defaults are those of a first sign-in. */
    public UserAccount add(Caller caller, Map<String, Object> body) {
        String name = QuarkusTransaction.requiringNew().call(() -> insert(caller, body));
        return countUsage(name, caller.username());
    }

    private String insert(Caller caller, Map<String, Object> body) {
        caller.requireAdmin("add users");
        UserFields fields = UserFields.parse(body, UserFields.ADD);
        if (fields.username() == null) {
            throw new InvalidRequestException("missing-username", "Name the user to add, e.g. {\"username\": \"alice\"}; "
                    + "role, status and quota are optional.");
        }
        String name = fields.username();
        if (users().find(name).isPresent()) {
            throw exists(name);
        }
        NewUser user = new NewUser(name, fields.role() == null ? Role.USER : fields.role(),
                fields.status() == null ? config.newUserStatus() : fields.status(),
                fields.quota() == null ? config.defaultQuota() : fields.quota(), now(), null);
        try {
            register(caller.username(), user);
            return name;
        } catch (PersistenceException e) {
            if (causedBy(e, ConstraintViolationException.class)) {
                throw exists(name); // added (or signed in) at this very moment
            }
            throw e;
        }
    }

    /** An admin, or the user themself. */
    @Transactional
    public UserAccount show(Caller caller, String name) {
        if (!caller.isAdmin() && !caller.username().equals(name)) {
            throw new ForbiddenException("Only repository administrators can see other users' records; "
                    + caller.username() + " is not one ('imagerepo whoami' shows your own).");
        }
        return users().find(name).orElseThrow(() -> noSuchUser(name));
    }

    /** Sets any of quota, role and status; announces what actually changed, with the whole new state. */
    @Transactional
    public UserAccount change(Caller caller, String name, Map<String, Object> body) {
        caller.requireAdmin("change users' quota, role or status");
        UserFields fields = UserFields.parse(body, UserFields.CHANGE);
        if (fields.isEmpty()) {
            throw new InvalidRequestException("empty-change", "Nothing to change: send any of quota, role and status, "
                    + "e.g. {\"status\": \"activated\"}.");
        }
        if (name.equals(caller.username())) {
            if (fields.role() == Role.USER) {
                throw lockout("demote themselves", name);
            }
            if (fields.status() != null && fields.status() != UserStatus.ACTIVATED) {
                throw lockout("set their own account " + fields.status().wire(), name);
            }
        }
        UserAccount account = users().lock(name).orElseThrow(() -> noSuchUser(name));
        Map<String, Object> changes = new LinkedHashMap<>();
        if (fields.quota() != null && fields.quota() != account.quota) {
            account.quota = fields.quota();
            changes.put(UserFields.QUOTA, account.quota);
        }
        if (fields.role() != null && fields.role() != account.role) {
            account.role = fields.role();
            changes.put(UserFields.ROLE, account.role.wire());
        }
        if (fields.status() != null && fields.status() != account.status) {
            account.status = fields.status();
            changes.put(UserFields.STATUS, account.status.wire());
        }
        if (!changes.isEmpty()) {
            outbox.queue(UserUpdated.of(caller.username(), name, changes, account.role.wire(), account.status.wire(),
                    account.quota));
        }
        if (changes.containsKey(UserFields.QUOTA)) {
            ledger.announce(account, caller.username());
        }
        return account;
    }

    @Transactional
    public void remove(Caller caller, String name) {
        caller.requireAdmin("remove users");
        if (name.equals(caller.username())) {
            throw lockout("remove themselves", name);
        }
        if (!users().remove(name)) {
            throw noSuchUser(name);
        }
        outbox.queue(UserRemoved.of(caller.username(), name));
    }

    /** Inserts the record and queues its announcement, in the current transaction. */
    private void register(String actor, NewUser user) {
        UserAccount account = users().insert(user);
        outbox.queue(UserRegistered.of(actor, account.username, account.role.wire(), account.status.wire(), account.quota));
    }

    /**
     * A new record's usage, from the books: events about the user's images may have come before the user did.
     * In its own transaction after the insert committed, so that an event applied meanwhile is either seen
     * here or sees the record (BookKeeper computes it again for an owner it found without one).
     */
    private UserAccount countUsage(String name, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.recompute(name, actor)
                .orElseThrow(() -> noSuchUser(name))); // removed at this very moment
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private UserRepository<?> users() {
        return database.users();
    }

    private static NotFoundException noSuchUser(String name) {
        return new NotFoundException("No user named " + name + " ('imagerepo user list' shows them).");
    }

    private static ConflictException exists(String name) {
        return new ConflictException("user-exists", "User " + name + " exists already: change their quota, role "
                + "or status instead (PATCH /api/v1/users/" + name + ").");
    }

    private static ConflictException lockout(String what, String name) {
        return new ConflictException("admin-lockout", "Administrators cannot " + what + " (" + name
                + "): that could leave the repository without an administrator. Ask another administrator.");
    }

    /** Milliseconds: what every database keeps alike. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

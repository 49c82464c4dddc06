package org.imagerepo.accounting.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.accounting.model.AccessRecord;
import org.imagerepo.accounting.model.ImageBook;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.identity.Caller;

import java.util.List;
import java.util.Map;

/** The books as history: owners see their images and themselves, admins everything (ADR 10). */
@ApplicationScoped
@Transactional
public class HistoryService {

    @Inject
    Books books;

    @Inject
    AccountingDatabase database;

    /** An image's books with a page of its downloads, newest first; {@code total} counts them all. */
    public record ImageAccesses(ImageBook book, List<AccessRecord> accesses, long total) {
    }

    /** A user's record with what they downloaded. */
    public record UserDownloads(UserAccount user, Books.Downloads downloads) {
    }

    /** The caller's images, or {@code owner}'s (that user or an admin), or everyone's (admins, no owner). */
    public List<ImageBook> images(Caller caller, String owner, Page page) {
        if (owner != null && !owner.equals(caller.username())) {
            requireAdmin(caller, "see other users' images' history");
        }
        String whose = owner != null ? owner : caller.isAdmin() ? null : caller.username();
        return books.images(whose, page.offset(), page.limit());
    }

    /** One image with a page of its downloads; to whom may not see it, it does not exist (as in the catalog). */
    public ImageAccesses image(Caller caller, String id, Page page) {
        ImageBook book = books.image(id).filter(b -> caller.isAdmin() || caller.username().equals(b.owner))
                .orElseThrow(() -> new NotFoundException(
                        "No image with id '" + id + "' (or it is not visible to you). List yours with: imagerepo list"));
        return new ImageAccesses(book, books.accesses(id, page.offset(), page.limit()), books.accessCount(id));
    }

    public List<UserDownloads> users(Caller caller, Page page) {
        requireAdmin(caller, "list users' history");
        List<UserAccount> users = database.users().page(page.offset(), page.limit());
        Map<String, Books.Downloads> downloads = books.downloads(users.stream().map(u -> u.username).toList());
        return users.stream().map(u -> new UserDownloads(u, downloads.getOrDefault(u.username, Books.Downloads.NONE)))
                .toList();
    }

    public UserDownloads user(Caller caller, String name) {
        if (!name.equals(caller.username())) {
            requireAdmin(caller, "see other users' history");
        }
        UserAccount user = database.users().find(name).orElseThrow(() -> new NotFoundException(
                "No user named " + name + " ('imagerepo user list' shows them)."));
        return new UserDownloads(user, books.downloads(List.of(name)).getOrDefault(name, Books.Downloads.NONE));
    }

    static void requireAdmin(Caller caller, String action) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only repository administrators can " + action + "; "
                    + caller.username() + " is not one.");
        }
    }
}

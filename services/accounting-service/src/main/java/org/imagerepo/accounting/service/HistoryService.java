package org.imagerepo.accounting.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.accounting.model.ImageBook;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.accounting.rest.ImageHistory;
import org.imagerepo.accounting.rest.ImageHistoryDetail;
import org.imagerepo.accounting.rest.ImageHistoryList;
import org.imagerepo.accounting.rest.UserHistory;
import org.imagerepo.accounting.rest.UserHistoryList;
import org.imagerepo.support.ProblemException;
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

    /** The caller's images, or {@code owner}'s (that user or an admin), or everyone's (admins, no owner). */
    public ImageHistoryList images(Caller caller, String owner, Page page) {
        if (owner != null && !owner.equals(caller.username())) {
            requireAdmin(caller, "see other users' images' history");
        }
        String whose = owner != null ? owner : caller.isAdmin() ? null : caller.username();
        return ImageHistoryList.of(books.images(whose, page.offset(), page.limit()).stream().map(ImageHistory::of).toList());
    }

    /** One image with a page of its downloads; to whom may not see it, it does not exist (as in the catalog). */
    public ImageHistoryDetail image(Caller caller, String id, Page page) {
        ImageBook book = books.image(id).filter(b -> caller.isAdmin() || caller.username().equals(b.owner))
                .orElseThrow(() -> ProblemException.notFound(
                        "No image with id '" + id + "' (or it is not visible to you). List yours with: imagerepo list"));
        return ImageHistoryDetail.of(book, books.accesses(id, page.offset(), page.limit()), books.accessCount(id));
    }

    public UserHistoryList users(Caller caller, Page page) {
        requireAdmin(caller, "list users' history");
        List<UserAccount> users = database.users().page(page.offset(), page.limit());
        Map<String, Books.Downloads> downloads = books.downloads(users.stream().map(u -> u.username).toList());
        return UserHistoryList.of(users.stream()
                .map(u -> UserHistory.of(u, downloads.getOrDefault(u.username, Books.Downloads.NONE))).toList());
    }

    public UserHistory user(Caller caller, String name) {
        if (!name.equals(caller.username())) {
            requireAdmin(caller, "see other users' history");
        }
        UserAccount user = database.users().find(name).orElseThrow(() -> ProblemException.notFound(
                "No user named " + name + " ('imagerepo user list' shows them)."));
        return UserHistory.of(user, books.downloads(List.of(name)).getOrDefault(name, Books.Downloads.NONE));
    }

    static void requireAdmin(Caller caller, String action) {
        if (!caller.isAdmin()) {
            throw ProblemException.forbidden("Only repository administrators can " + action + "; "
                    + caller.username() + " is not one.");
        }
    }
}

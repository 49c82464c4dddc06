package org.imagerepo.client;

import java.time.LocalDate;

/**
 * What accounting recorded (ADR 10): the history of images and users ({@code /api/v1/history}) and the use of
 * storage per day ({@code /api/v1/usage}). From {@link ImageRepoClient#accounting()}.
 */
public final class Accounting {

    private static final String HISTORY = "/api/v1/history";
    private static final String USAGE = "/api/v1/usage";

    private final Transport transport;

    Accounting(Transport transport) {
        this.transport = transport;
    }

    /** What accounting recorded about the images the caller may see (every image for admins), first page. */
    public Page<ImageHistory> imageHistory() {
        return imageHistory((Integer) null, null, null);
    }

    /**
     * What accounting recorded about images, a page at a time ({@code null}s for the server's defaults): the
     * caller's own, every image for admins, or those of {@code owner}.
     */
    public Page<ImageHistory> imageHistory(Integer limit, Integer offset, String owner) {
        String path = HISTORY + "/images" + new ApiPaths.Query().add("owner", owner).add("limit", limit)
                .add("offset", offset);
        return transport.callForPage(transport.request(path), ImageHistory.class, "images", 200);
    }

    /**
     * What accounting recorded about one image, with its accesses newest first, a page of them at a time
     * ({@link ImageHistory#total()} counts them all); {@link NotFoundException} if the caller may not see it.
     */
    public ImageHistory imageHistory(String id, Integer limit, Integer offset) {
        if (id == null || id.isBlank()) {
            throw new BadRequestException(0, null, null, "an image id is required");
        }
        String path = HISTORY + "/images/" + ApiPaths.encode(id.strip()) + new ApiPaths.Query().add("limit", limit)
                .add("offset", offset);
        return transport.call(transport.request(path), ImageHistory.class, 200);
    }

    /** What accounting recorded about every user, first page (admins only). */
    public Page<UserHistory> userHistory() {
        return userHistory(null, null);
    }

    /** What accounting recorded about every user, a page at a time (admins only). */
    public Page<UserHistory> userHistory(Integer limit, Integer offset) {
        String path = HISTORY + "/users" + new ApiPaths.Query().add("limit", limit).add("offset", offset);
        return transport.callForPage(transport.request(path), UserHistory.class, "users", 200);
    }

    /** What accounting recorded about one user (that user or an admin). */
    public UserHistory userHistory(String username) {
        String path = HISTORY + "/users/" + ApiPaths.segment(username, "user");
        return transport.call(transport.request(path), UserHistory.class, 200);
    }

    /**
     * Use per day from {@code from} to {@code to} (exclusive); {@code null}s for the server's defaults: the caller,
     * the last 30 days. {@code user} may name another user, or be {@code *} for everyone (admins only).
     */
    public Usage usage(String user, LocalDate from, LocalDate to) {
        String path = USAGE + new ApiPaths.Query().add("user", user).add("from", from).add("to", to);
        return transport.call(transport.request(path), Usage.class, 200);
    }

    /**
     * Compares every user's recorded usage with the images the catalog says they own (admins only); with
     * {@code repair}, corrects the records that differ.
     */
    public Reconciliation reconcile(boolean repair) {
        return transport.call(transport.emptyRequest("POST", USAGE + "/reconciliation?repair=" + repair),
                Reconciliation.class, 200, 201);
    }
}

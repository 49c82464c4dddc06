package org.imagerepo.client;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may see an image besides its owner and the admins: its permission, and the users and directory groups it
 * is shared with ({@code /api/v1/images/{id}/shares}). From {@link ImageRepoClient#sharing()}.
 */
public final class Sharing {

    private final Transport transport;
    private final Images images;

    Sharing(Transport transport, Images images) {
        this.transport = transport;
        this.images = images;
    }

    /** Makes the image {@code private} or {@code public} ({@link Image#PERMISSION_PRIVATE}, ...); owner or admin. */
    public Image setPermission(String id, String permission) {
        Objects.requireNonNull(permission, "permission");
        return images.modify(id, Map.of("permission", permission));
    }

    /**
     * Shares the image with the named users and the members of the named directory groups (owner or admin);
     * returns the image as it is afterwards. Sharing with someone it is shared with already changes nothing.
     */
    public Image share(String id, Collection<String> users, Collection<String> groups) {
        return shares(id, "PUT", users, groups);
    }

    /** Stops sharing the image with the named users and groups; returns the image as it is afterwards. */
    public Image unshare(String id, Collection<String> users, Collection<String> groups) {
        return shares(id, "DELETE", users, groups);
    }

    private Image shares(String id, String method, Collection<String> users, Collection<String> groups) {
        List<String> u = users == null ? List.of() : List.copyOf(users);
        List<String> g = groups == null ? List.of() : List.copyOf(groups);
        if (u.isEmpty() && g.isEmpty()) {
            throw new IllegalArgumentException("name at least one user or group");
        }
        String base = ApiPaths.image(id) + "/shares/";
        Image image = null;
        // One request per name: each is idempotent, so a failure half-way can simply be retried.
        for (String name : u) {
            image = shareRequest(base + "users/" + ApiPaths.segment(name, "user"), method);
        }
        for (String name : g) {
            image = shareRequest(base + "groups/" + ApiPaths.segment(name, "group"), method);
        }
        return image;
    }

    private Image shareRequest(String path, String method) {
        return transport.call(transport.emptyRequest(method, path), Image.class, 200);
    }
}

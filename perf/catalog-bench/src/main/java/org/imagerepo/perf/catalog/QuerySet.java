package org.imagerepo.perf.catalog;

import java.util.List;

/**
 * The queries timed, each with who asks. The target image {@code n} sits in the middle of the catalog, so
 * the exact, anchored and "number N" queries select one (or 100) images whatever the size.
 */
public final class QuerySet {

    /** A typical user: owns about 0.26 % of the images, in two groups. */
    static final int USER = 42;

    /**
     * @param caller how the query is asked, for the report: user, member (the query is about a group of the
     *               user's), owner (about the user's own images) or admin
     */
    public record Entry(String id, String query, String caller, String user, List<String> groups, boolean admin) {
    }

    private QuerySet() {
    }

    public static List<Entry> of(long images) {
        long n = images / 2 + 12_345 % Math.max(1, images / 2);
        String name = String.format("vm-%07d", n);
        String user = Synthetic.user(USER);
        List<String> groups = Synthetic.groupsOf(USER);
        String group = groups.get(0);
        String heavy = Synthetic.user(1);
        return List.of(
                new Entry("paper-user", "* where os=redhat, tag=hadoop", "user", user, groups, false),
                new Entry("paper-admin", "* where os=redhat, tag=hadoop", "admin", "ada", List.of(), true),
                new Entry("exact-name", "* where name=^" + name + "$", "admin", "ada", List.of(), true),
                new Entry("anchored-100", "* where name=^" + name.substring(0, name.length() - 2), "admin", "ada", List.of(), true),
                new Entry("unanchored-one", "imgId,name where description=number " + n + "$", "admin", "ada", List.of(), true),
                new Entry("unanchored-one-user", "imgId,name where description=number " + n + "$", "user", user, groups, false),
                new Entry("unanchored-many", "* where description=with spark", "user", user, groups, false),
                new Entry("tag-exact", "* where tag=^mpi$", "user", user, groups, false),
                new Entry("tag-rare", "name,tag where tag=^tag-399$", "user", user, groups, false),
                new Entry("several", "* where os=^ubuntu, vmType=^kvm$, imgType=openstack, tag=^spark$", "user", user, groups, false),
                new Entry("no-match", "* where os=solaris", "user", user, groups, false),
                new Entry("no-match-admin", "* where os=solaris", "admin", "ada", List.of(), true),
                new Entry("owner-own", "* where owner=^" + user + "$", "owner", user, groups, false),
                new Entry("owner-os", "* where owner=^" + user + "$, os=fedora", "owner", user, groups, false),
                new Entry("list-all", "*", "user", user, groups, false),
                new Entry("group-shared", "* where sharedGroups=^" + group + "$", "member", user, groups, false),
                new Entry("admin-owner", "* where owner=^" + heavy + "$", "admin", "ada", List.of(), true),
                new Entry("admin-os-version", "name,os where os=^redhat 9\\.", "admin", "ada", List.of(), true));
    }
}

package org.imagerepo.perf.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The synthetic catalog: image {@code n} (0-based) is the same on every run and every store (seeded by n).
 *
 * <ul>
 *   <li>owners: {@value #USERS} users {@code user-00001…}, Zipf (s = 1): user-00001 owns about 11 % of the
 *       images, user-00042 about 0.26 %, most own a few dozen;</li>
 *   <li>groups: {@value #GROUPS} groups {@code group-001…}; user {@code u} is in groups {@code u mod 200} and
 *       {@code 7u mod 200} (see {@link #groupsOf});</li>
 *   <li>permission: 10 % public, the rest private; 5 % shared with 1–3 users, 5 % with 1–2 groups;</li>
 *   <li>os: Zipf over {@link #OS} (Ubuntu most, RedHat third), with a version; vmType, imgType, diskFormat,
 *       arch skewed; 0–5 tags, Zipf over {@link #TAGS} then {@code tag-NNN} (hadoop about 11 % of images);</li>
 *   <li>name {@code vm-NNNNNNN} (7 digits), description {@code "<os> image with <tag>, number N"}: so
 *       {@code description=number 123456$} selects exactly one image;</li>
 *   <li>created one minute apart from 2024-01-01, in n order; all available, one location each.</li>
 * </ul>
 */
public final class Synthetic {

    public static final int USERS = 5000;
    public static final int GROUPS = 200;
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    static final String[] OS = {"Ubuntu 22.04", "CentOS 7.9", "RedHat 8.6", "Debian 12", "Fedora 39", "Ubuntu 20.04",
            "Rocky 9.2", "AlmaLinux 9", "SLES 15", "openSUSE 15.5", "Windows Server 2022", "FreeBSD 14", "Arch", "CoreOS",
            "Gentoo", "RedHat 9.2"};
    static final String[] TAGS = {"mpi", "cuda", "hadoop", "spark", "openmpi", "tensorflow", "pytorch", "genomics",
            "hpc", "web", "database", "jupyter", "slurm", "kubernetes", "docker", "r", "matlab", "hbase", "hive", "kafka"};
    static final int TAG_VOCABULARY = 400;
    static final String[] VM_TYPES = {"kvm", "kvm", "kvm", "kvm", "xen", "xen", "vmware", "virtualbox", "none"};
    static final String[] IMG_TYPES = {"openstack", "openstack", "openstack", "opennebula", "eucalyptus", "nimbus", "machine", "kernel"};
    static final String[] DISK_FORMATS = {"qcow2", "qcow2", "qcow2", "raw", "raw", "vmdk", "vhd", "iso"};

    private static final double[] OWNER_CDF = zipfCdf(USERS, 1.0);
    private static final double[] OS_CDF = zipfCdf(OS.length, 1.0);
    private static final double[] TAG_CDF = zipfCdf(TAG_VOCABULARY, 1.0);

    /** One image row, with its child rows' values. */
    public record Image(long n, String id, String name, String owner, String os, String description, String vmType,
                        String imgType, String permission, String arch, String diskFormat, String imgUri,
                        Instant created, long size, String sha256, String md5, long accessCount,
                        List<String> tags, List<String> sharedUsers, List<String> sharedGroups) {
    }

    private Synthetic() {
    }

    public static Image image(long n) {
        SplittableRandom r = new SplittableRandom(0x5EED_0000L + n * 0x9E3779B97F4A7C15L);
        String id = UUID.nameUUIDFromBytes(("imagerepo-perf-image-" + n).getBytes(StandardCharsets.UTF_8)).toString();
        String owner = user(pick(OWNER_CDF, r.nextDouble()) + 1);
        String os = OS[pick(OS_CDF, r.nextDouble())];
        List<String> tags = new ArrayList<>();
        int tagCount = r.nextInt(6);
        for (int i = 0; i < tagCount; i++) {
            int t = pick(TAG_CDF, r.nextDouble());
            String tag = t < TAGS.length ? TAGS[t] : String.format("tag-%03d", t);
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        String permission = r.nextInt(10) == 0 ? "public" : "private";
        List<String> sharedUsers = new ArrayList<>();
        if (r.nextInt(20) == 0) {
            for (int i = 0, k = 1 + r.nextInt(3); i < k; i++) {
                String u = user(1 + r.nextInt(USERS));
                if (!u.equals(owner) && !sharedUsers.contains(u)) {
                    sharedUsers.add(u);
                }
            }
        }
        List<String> sharedGroups = new ArrayList<>();
        if (r.nextInt(20) == 0) {
            for (int i = 0, k = 1 + r.nextInt(2); i < k; i++) {
                String g = group(1 + r.nextInt(GROUPS));
                if (!sharedGroups.contains(g)) {
                    sharedGroups.add(g);
                }
            }
        }
        String description = os + " image" + (tags.isEmpty() ? "" : " with " + tags.get(0)) + ", number " + n;
        byte[] hash = new byte[48];
        r.nextBytes(hash);
        HexFormat hex = HexFormat.of();
        return new Image(n, id, String.format("vm-%07d", n), owner, os, description,
                VM_TYPES[r.nextInt(VM_TYPES.length)], IMG_TYPES[r.nextInt(IMG_TYPES.length)], permission,
                r.nextInt(10) == 0 ? "aarch64" : "x86_64", DISK_FORMATS[r.nextInt(DISK_FORMATS.length)],
                "fs:///" + id.substring(0, 2) + "/" + id, EPOCH.plusSeconds(60 * n),
                (1L << 20) * (1 + r.nextInt(20_000)), hex.formatHex(hash, 0, 32), hex.formatHex(hash, 32, 48),
                r.nextInt(4) == 0 ? r.nextInt(1000) : 0, tags, sharedUsers, sharedGroups);
    }

    public static String user(int u) {
        return String.format("user-%05d", u);
    }

    public static String group(int g) {
        return String.format("group-%03d", g);
    }

    /** The groups user {@code u} (1-based) belongs to. */
    public static List<String> groupsOf(int u) {
        String a = group(1 + u % GROUPS);
        String b = group(1 + (7 * u) % GROUPS);
        return a.equals(b) ? List.of(a) : List.of(a, b);
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int pick(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

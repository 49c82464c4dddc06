package org.imagerepo.blob.storage.swift;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import org.imagerepo.blob.storage.StorageConfigurationException;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Swift plugin's settings ({@code imagerepo.blob.swift.*}), checked as a whole: a missing or wrong one
 * is a {@link StorageConfigurationException} that names it and says what it takes.
 *
 * @param authUrl     tempauth's {@code .../auth/v1.0}, or Keystone's {@code .../v3}
 * @param authVersion 1 (tempauth) or 3 (Keystone v3)
 * @param user        tempauth {@code account:user}, or the Keystone user name
 * @param project     Keystone project name (v3 only)
 * @param domain      Keystone domain name of the user and the project (v3 only)
 * @param segmentSize objects larger than this are stored as segments plus a manifest
 */
public record SwiftSettings(URI authUrl, int authVersion, String user, String key, String project, String domain,
                            String container, long segmentSize) {

    public static final String PREFIX = "imagerepo.blob.swift.";
    public static final String AUTH_URL = PREFIX + "auth-url";
    public static final String AUTH_VERSION = PREFIX + "auth-version";
    public static final String USER = PREFIX + "user";
    public static final String KEY = PREFIX + "key";
    public static final String PROJECT = PREFIX + "project";
    public static final String DOMAIN = PREFIX + "domain";
    public static final String CONTAINER = PREFIX + "container";
    public static final String SEGMENT_SIZE = PREFIX + "segment-size";

    public static final String DEFAULT_CONTAINER = "images";
    public static final String DEFAULT_DOMAIN = "Default";
    public static final long GIB = 1L << 30;
    /** Swift's default max_file_size: no single object (so no segment) can be larger. */
    public static final long MAX_OBJECT_SIZE = 5 * GIB;
    private static final long MIN_SEGMENT_SIZE = 1L << 20;
    // Names go into URLs unencoded (see SwiftApi); "_segments" is appended to the container's.
    private static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

    /** Reads the settings through {@code setting} (name to value, empty when unset). */
    public static SwiftSettings read(Function<String, Optional<String>> setting) {
        URI authUrl = authUrl(required(setting, AUTH_URL, "the Swift authentication URL, e.g. "
                + "http://swift.example:8080/auth/v1.0 (tempauth) or https://keystone.example:5000/v3"));
        int version = authVersion(setting.apply(AUTH_VERSION).map(String::trim).orElse("1"));
        String user = required(setting, USER, version == 1
                ? "the tempauth user as account:user" : "the Keystone user name");
        if (version == 1 && !user.matches("[^:]+:[^:]+")) {
            throw new StorageConfigurationException(USER + " is '" + user + "': tempauth (" + AUTH_VERSION
                    + "=1) takes account:user, e.g. test:tester");
        }
        String key = required(setting, KEY, version == 1 ? "the tempauth key" : "the Keystone password");
        String project = null;
        String domain = null;
        if (version == 3) {
            project = required(setting, PROJECT, "the Keystone project whose object store holds the images ("
                    + AUTH_VERSION + "=3)");
            domain = optional(setting, DOMAIN).orElse(DEFAULT_DOMAIN);
        }
        String container = optional(setting, CONTAINER).orElse(DEFAULT_CONTAINER);
        if (!isContainerName(container)) {
            throw new StorageConfigurationException(CONTAINER + " is '" + container + "': use up to 201 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        long segmentSize = segmentSize(optional(setting, SEGMENT_SIZE).orElse("1G"));
        return new SwiftSettings(authUrl, version, user, key, project, domain, container, segmentSize);
    }

    /** A container name this plugin uses: URL-safe, with room for the segment container's suffix. */
    public static boolean isContainerName(String name) {
        return CONTAINER_NAME.matcher(name).matches();
    }

    /** Where the segments of large objects go. */
    public String segmentContainer() {
        return container + "_segments";
    }

    @Override
    public String toString() { // never the key
        return "SwiftSettings[" + authUrl + ", v" + authVersion + ", user " + user
                + (project == null ? "" : ", project " + project + "@" + domain)
                + ", container " + container + ", segments above " + segmentSize + " bytes]";
    }

    private static String required(Function<String, Optional<String>> setting, String name, String what) {
        return optional(setting, name).orElseThrow(() -> new StorageConfigurationException(
                name + " is not set: give " + what + "."));
    }

    private static Optional<String> optional(Function<String, Optional<String>> setting, String name) {
        return setting.apply(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static URI authUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new StorageConfigurationException(AUTH_URL + " is '" + value + "': give an http(s) URL without "
                + "credentials in it, e.g. http://swift.example:8080/auth/v1.0");
    }

    private static int authVersion(String value) {
        return switch (value) {
            case "1", "1.0", "v1", "v1.0" -> 1;
            case "3", "v3" -> 3;
            default -> throw new StorageConfigurationException(AUTH_VERSION + " is '" + value
                    + "': use 1 for tempauth or 3 for Keystone v3");
        };
    }

    private static long segmentSize(String value) {
        long size;
        try {
            size = new MemorySizeConverter().convert(value).asLongValue();
        } catch (IllegalArgumentException e) {
            throw new StorageConfigurationException(SEGMENT_SIZE + " is '" + value + "': give a size such as "
                    + "1G, 512M or a number of bytes", e);
        }
        if (size < MIN_SEGMENT_SIZE || size > MAX_OBJECT_SIZE) {
            throw new StorageConfigurationException(SEGMENT_SIZE + " is " + value + ": it must lie between 1M and "
                    + "5G (Swift stores no single object above 5 GiB)");
        }
        return size;
    }
}

package org.imagerepo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Image attributes as people type them: {@code key=value} pairs ({@code modify}) and the original system's
 * attribute strings {@code os=centos&vmtype=kvm&tag=t1,t2} ({@code put -a}). Keys are case-insensitive and may be
 * spelled as in the original system ({@code vmtype}, {@code imgtype}) or as in the API ({@code vmType}); they
 * are turned into the API's field names. The value of {@code tag} is a comma-separated list.
 */
final class Attributes {

    /** Field names that may be set, in the API's spelling. */
    static final List<String> SETTABLE = List.of("name", "os", "description", "tag", "vmType", "imgType",
            "permission", "imgStatus", "arch", "diskFormat");

    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        for (String f : SETTABLE) {
            ALIASES.put(squash(f), f);
        }
        ALIASES.put("tags", "tag");
        ALIASES.put("desc", "description");
        ALIASES.put("status", "imgStatus");
        ALIASES.put("perm", "permission");
    }

    private Attributes() {
    }

    /**
     * The API's name of a field, e.g. {@code vmtype}, {@code vm-type} and {@code VMTYPE} all give {@code vmType};
     * {@code null} when the key names no settable field.
     */
    static String canonical(String key) {
        return ALIASES.get(squash(key));
    }

    /**
     * Parses one {@code key=value}. The key is made canonical when it is known and kept as typed otherwise (the
     * server then says what is wrong with it); the value of {@code tag} becomes a list.
     *
     * @throws IllegalArgumentException when there is no {@code =} or no key
     */
    static Map.Entry<String, Object> assignment(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected key=value but got '" + text + "'");
        }
        String rawKey = text.substring(0, eq).strip();
        if (rawKey.isEmpty()) {
            throw new IllegalArgumentException("missing key before '=' in '" + text + "'");
        }
        String key = canonical(rawKey);
        if (key == null) {
            key = rawKey;
        }
        String value = text.substring(eq + 1).strip();
        Object v = key.equals("tag") ? list(value) : value;
        return Map.entry(key, v);
    }

    /**
     * Parses an attribute string of the original system, {@code os=centos&vmtype=kvm&tag=t1,t2}. Only settable
     * fields are allowed. Later pairs replace earlier ones.
     *
     * @throws IllegalArgumentException on a malformed pair or an unknown key
     */
    static Map<String, Object> attributeString(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            Map.Entry<String, Object> e = assignment(pair);
            if (!SETTABLE.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown attribute '" + e.getKey() + "' in '" + text
                        + "' (known: " + String.join(", ", SETTABLE) + ")");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** {@code "a, b,,c"} as {@code [a, b, c]}. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static String squash(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}

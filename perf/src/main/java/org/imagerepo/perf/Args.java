package org.imagerepo.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-parsed options: {@code --name value}, {@code --name=value}, {@code --name v1 v2 ...} (values up to the next
 * {@code --option}), and the bare flags the caller names.
 */
public final class Args {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Args() {
    }

    /**
     * @param known the options taking values
     * @param flags the options taking none
     */
    public static Args parse(String[] args, Set<String> known, Set<String> flags) {
        Args a = new Args();
        String current = null;
        for (String arg : args) {
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (inline != null) {
                        throw new IllegalArgumentException("--" + name + " takes no value");
                    }
                    a.values.computeIfAbsent(name, k -> new ArrayList<>());
                    current = null;
                } else if (known.contains(name)) {
                    List<String> v = a.values.computeIfAbsent(name, k -> new ArrayList<>());
                    if (inline != null) {
                        v.add(inline);
                        current = null;
                    } else {
                        current = name;
                    }
                } else {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            } else if (current != null) {
                a.values.get(current).add(arg);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
        }
        for (Map.Entry<String, List<String>> e : a.values.entrySet()) {
            if (known.contains(e.getKey()) && e.getValue().isEmpty()) {
                throw new IllegalArgumentException("--" + e.getKey() + " needs a value");
            }
        }
        return a;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value given to {@code --name} (repeated or listed). */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The one value of {@code --name}, or {@code def}. */
    public String get(String name, String def) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException("--" + name + " takes one value, not " + v);
        }
        return v.get(0);
    }

    public String require(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    public int positiveInt(String name, int def) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive number, not '" + v + "'");
    }
}

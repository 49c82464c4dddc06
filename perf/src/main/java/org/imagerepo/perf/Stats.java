package org.imagerepo.perf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/** Medians. */
public final class Stats {

    private Stats() {
    }

    /** The median (the mean of the two middle values for an even count), or empty for no values. */
    public static OptionalDouble median(Collection<Double> values) {
        List<Double> v = new ArrayList<>();
        for (Double d : values) {
            if (d != null && !d.isNaN()) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return OptionalDouble.empty();
        }
        Collections.sort(v);
        int n = v.size();
        return OptionalDouble.of(n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2);
    }
}

package org.imagerepo.accounting.service;

import java.util.Locale;

/** Sizes as people read them: 0 B, 512 B, 1.5 KiB, 6.2 GiB. */
final class ByteUnits {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteUnits() {
    }

    static String human(long bytes) {
        if (bytes < 0) {
            return "-" + human(-bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}

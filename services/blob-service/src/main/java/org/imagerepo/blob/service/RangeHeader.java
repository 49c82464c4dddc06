package org.imagerepo.blob.service;

import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.support.errors.RangeNotSatisfiableException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The single-range forms of an HTTP Range header (RFC 9110 §14): {@code bytes=a-b}, {@code bytes=a-} and
 * {@code bytes=-n}. A header we do not understand, or one asking for several ranges, is ignored and the
 * whole image is sent, as the RFC allows.
 */
public final class RangeHeader {

    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    private RangeHeader() {
    }

    /** @return the range to send, or null for the whole image */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size) {
                throw unsatisfiable(size);
            }
            if (last < first) {
                return null;
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A range that lies outside the image; the answer carries {@code Content-Range: bytes *}{@code /size}. */
    private static RangeNotSatisfiableException unsatisfiable(long size) {
        return new RangeNotSatisfiableException(size,
                "The requested range lies outside the image, which has " + size + " bytes.");
    }
}

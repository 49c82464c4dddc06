package org.imagerepo.accounting.service;

import org.imagerepo.support.errors.InvalidRequestException;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** What every JSON body this service takes is checked for: only the fields it allows, byte counts as whole numbers. */
final class BodyFields {

    private BodyFields() {
    }

    /** The body's fields (none without a body); refused naming the allowed ones if it has any other. */
    static Map<String, Object> only(Map<String, Object> body, List<String> allowed) {
        Map<String, Object> fields = body == null ? Map.of() : body;
        for (String field : fields.keySet()) {
            if (!allowed.contains(field)) {
                throw new InvalidRequestException("unknown-field", "Unknown field '" + field + "': send only "
                        + String.join(", ", allowed) + ".");
            }
        }
        return fields;
    }

    /** A JSON integer of 0 or more that fits a long; null for anything else (a fraction, text, a negative). */
    static Long byteCount(Object value) {
        Long bytes = null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            bytes = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            bytes = big.longValue();
        }
        return bytes == null || bytes < 0 ? null : bytes;
    }
}

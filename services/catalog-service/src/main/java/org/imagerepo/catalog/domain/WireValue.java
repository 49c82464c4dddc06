package org.imagerepo.catalog.domain;

import org.imagerepo.support.errors.InvalidRequestException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enumerations that travel as lower-case words, with one parser that names the allowed values. */
public interface WireValue {

    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new InvalidRequestException("invalid-value", "Invalid " + field + " '" + value + "': must be one of "
                + Arrays.stream(type.getEnumConstants()).map(WireValue::wire).collect(Collectors.joining(", ")) + ".");
    }
}

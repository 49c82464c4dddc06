package org.imagerepo.catalog.domain;

import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.vocabulary.WireWord;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The catalog's enumerations that travel as lower-case words, with one parser that names the allowed values. */
public interface WireValue extends WireWord {

    static <E extends Enum<E> & WireWord> E parse(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new InvalidRequestException("invalid-value", "Invalid " + field + " '" + value + "': must be one of "
                + Arrays.stream(type.getEnumConstants()).map(WireWord::wire).collect(Collectors.joining(", ")) + ".");
    }
}

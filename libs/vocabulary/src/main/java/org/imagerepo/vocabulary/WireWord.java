package org.imagerepo.vocabulary;

import java.util.Locale;

/** An enumeration whose constants travel as their names in lower case: {@code AVAILABLE} as {@code available}. */
public interface WireWord {

    String name();

    /** The constant's word on the wire. */
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

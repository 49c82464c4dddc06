package org.imagerepo.cli;

import org.imagerepo.vocabulary.ByteSizes;
import picocli.CommandLine;

/** Byte counts as people type them ({@link ByteSizes#parse}) in options: a bad size is a usage error. */
final class Sizes {

    private Sizes() {
    }

    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

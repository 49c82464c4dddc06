package org.imagerepo.accounting.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A book status as the API spells it, so the table reads like the answers. */
@Converter
public class BookStatusColumn implements AttributeConverter<BookStatus, String> {

    @Override
    public String convertToDatabaseColumn(BookStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public BookStatus convertToEntityAttribute(String text) {
        return text == null ? null : BookStatus.parseWire(text);
    }
}

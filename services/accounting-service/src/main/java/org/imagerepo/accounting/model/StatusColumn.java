package org.imagerepo.accounting.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.imagerepo.support.identity.UserStatus;

/** A status as the API spells it ({@code pending}, {@code activated}, {@code deactivated}). */
@Converter
public class StatusColumn implements AttributeConverter<UserStatus, String> {

    @Override
    public String convertToDatabaseColumn(UserStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public UserStatus convertToEntityAttribute(String text) {
        return text == null ? null : UserStatus.parseWire(text);
    }
}

package org.imagerepo.accounting.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.imagerepo.support.identity.Role;

/** A role as the API spells it ({@code admin}, {@code user}), so the table reads like the answers. */
@Converter
public class RoleColumn implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.wire();
    }

    @Override
    public Role convertToEntityAttribute(String text) {
        return text == null ? null : Role.parseWire(text);
    }
}

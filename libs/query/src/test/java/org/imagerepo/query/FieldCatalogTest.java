package org.imagerepo.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.imagerepo.query.FieldCatalog.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldCatalogTest {

    private static final FieldCatalog CATALOG = FieldCatalog.builder()
            .scalar("vmType").multiValued("tag").projectionOnly("imgURI").build();

    @Test
    void lookupIgnoresCaseAndReturnsTheCanonicalField() {
        assertEquals(Optional.of(new Field("vmType", false, true)), CATALOG.field("VMTYPE"));
        assertEquals(Optional.of(new Field("tag", true, true)), CATALOG.field("Tag"));
        assertEquals(Optional.of(new Field("imgURI", false, false)), CATALOG.field("imguri"));
        assertEquals(Optional.empty(), CATALOG.field("colour"));
    }

    @Test
    void fieldsKeepTheirDeclarationOrder() {
        assertEquals(List.of("vmType", "tag", "imgURI"), CATALOG.fields().stream().map(Field::name).toList());
    }

    @Test
    void nameDeclaredTwiceIgnoringCaseIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FieldCatalog.builder().scalar("os").multiValued("OS").build());
        assertEquals("Field 'OS' is declared twice (as 'os' before)", error.getMessage());
    }

    @Test
    void keywordCannotBeAFieldName() {
        assertThrows(IllegalArgumentException.class, () -> FieldCatalog.builder().scalar("Where").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1st", "img-type", "img type", "ös", "a.b"})
    void nameThatIsNotAnIdentifierIsRejected(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FieldCatalog.builder().scalar(name).build());
        assertTrue(error.getMessage().contains("is not an identifier"));
    }

    @Test
    void identifiersMayUseUnderscoresAndDigits() {
        assertEquals("_min_ram2", FieldCatalog.builder().scalar("_min_ram2").build().fields().get(0).name());
    }
}

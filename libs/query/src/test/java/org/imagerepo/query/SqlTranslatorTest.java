package org.imagerepo.query;

import static org.imagerepo.query.Catalogs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlTranslatorTest {

    /** Scalar fields are columns of {@code image i}; multi-valued ones live in {@code image_<field>}. */
    static final Function<String, SqlColumn> IMAGE_COLUMNS = field -> Catalogs.IMAGES.field(field)
            .map(f -> f.multiValued()
                    ? SqlColumn.collection("image_" + f.name().toLowerCase(), "t", "t.image_id = i.img_id", "t.value")
                    : SqlColumn.scalar("i." + f.name().toLowerCase()))
            .orElse(null);

    private static SqlWhere translate(String query, SqlDialect dialect) {
        return SqlTranslator.translate(parse(query), dialect, IMAGE_COLUMNS);
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void queryWithoutConditionsIsAlwaysTrueWithoutParameters(SqlDialect dialect) {
        assertEquals(new SqlWhere("1=1", List.of()), translate("name,os", dialect));
        assertEquals(new SqlWhere(SqlTranslator.NO_CONDITIONS, List.of()), translate("*", dialect));
    }

    @Test
    void postgresqlMatchesScalarColumnWithCaseInsensitiveOperator() {
        assertEquals(new SqlWhere("i.os ~* ?", List.of("redhat")), translate("* where os=redhat", SqlDialect.POSTGRESQL));
    }

    @Test
    void h2MatchesScalarColumnWithRegexpLikeIgnoringCaseAndLetDotMatchNewline() {
        assertEquals(new SqlWhere("REGEXP_LIKE(i.os, ?, 'in')", List.of("redhat")),
                translate("* where os=redhat", SqlDialect.H2));
    }

    @Test
    void mariadbMatchesScalarColumnWithInlineFlagsPrefixedToTheParameter() {
        assertEquals(new SqlWhere("i.os REGEXP ?", List.of("(?is)redhat")),
                translate("* where os=redhat", SqlDialect.MARIADB));
    }

    @Test
    void numericColumnsAreMatchedOnTheirUnpaddedDecimalTextPerDialect() {
        Function<String, SqlColumn> size = field -> SqlColumn.numeric("i.size");
        Query query = parse("* where name=^12$");
        assertEquals("CAST(i.size AS VARCHAR(20)) ~* ?",
                SqlTranslator.translate(query, SqlDialect.POSTGRESQL, size).sql());
        assertEquals("REGEXP_LIKE(CAST(i.size AS VARCHAR(20)), ?, 'in')",
                SqlTranslator.translate(query, SqlDialect.H2, size).sql());
        assertEquals("CAST(i.size AS CHAR) REGEXP ?", SqlTranslator.translate(query, SqlDialect.MARIADB, size).sql());
        assertThrows(IllegalArgumentException.class, () -> SqlColumn.numeric("i.size = ?"));
    }

    @Test
    void postgresqlMatchesMultiValuedFieldWithExists() {
        assertEquals(new SqlWhere("EXISTS (SELECT 1 FROM image_tag t WHERE t.image_id = i.img_id AND t.value ~* ?)",
                List.of("hadoop")), translate("* where tag=hadoop", SqlDialect.POSTGRESQL));
    }

    @Test
    void h2MatchesMultiValuedFieldWithExists() {
        assertEquals(new SqlWhere("EXISTS (SELECT 1 FROM image_tag t WHERE t.image_id = i.img_id AND REGEXP_LIKE(t.value, ?, 'in'))",
                List.of("hadoop")), translate("* where tag=hadoop", SqlDialect.H2));
    }

    @Test
    void mariadbMatchesMultiValuedFieldWithExists() {
        assertEquals(new SqlWhere("EXISTS (SELECT 1 FROM image_tag t WHERE t.image_id = i.img_id AND t.value REGEXP ?)",
                List.of("(?is)hadoop")), translate("* where tag=hadoop", SqlDialect.MARIADB));
    }

    @Test
    void conditionsAreJoinedWithAndAndParametersFollowPlaceholderOrder() {
        SqlWhere where = translate("* where os=redhat, tag=hadoop, vmType=kvm|xen, tag=spark", SqlDialect.POSTGRESQL);
        assertEquals("i.os ~* ? AND EXISTS (SELECT 1 FROM image_tag t WHERE t.image_id = i.img_id AND t.value ~* ?)"
                + " AND i.vmtype ~* ? AND EXISTS (SELECT 1 FROM image_tag t WHERE t.image_id = i.img_id AND t.value ~* ?)",
                where.sql());
        assertEquals(List.of("redhat", "hadoop", "kvm|xen", "spark"), where.parameters());
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void everyQuestionMarkInTheSqlIsAPlaceholderWithOneParameter(SqlDialect dialect) {
        SqlWhere where = translate("* where os=a, tag=b, name=c, description=d, tag=e", dialect);
        assertEquals(where.parameters().size(), where.sql().chars().filter(c -> c == '?').count());
    }

    @Test
    void projectionDoesNotAffectTheWhereFragment() {
        assertEquals(translate("* where os=redhat", SqlDialect.H2), translate("name, imgURI where os=redhat", SqlDialect.H2));
    }

    @Test
    void fieldWithoutAMappedColumnIsAProgrammingError() {
        Query query = parse("* where os=redhat");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SqlTranslator.translate(query, SqlDialect.POSTGRESQL, field -> null));
        assertEquals("No SQL column is mapped for field 'os'", error.getMessage());
    }

    @Test
    void columnFragmentsMayNotContainPlaceholders() {
        assertThrows(IllegalArgumentException.class, () -> SqlColumn.scalar("coalesce(i.os, ?)"));
        assertThrows(IllegalArgumentException.class, () -> SqlColumn.collection("image_tag", "t", "t.image_id = ?", "t.value"));
    }

    @Test
    void columnFragmentsMayNotBeBlank() {
        assertThrows(IllegalArgumentException.class, () -> SqlColumn.scalar(" "));
        assertThrows(IllegalArgumentException.class, () -> SqlColumn.collection("image_tag", "t", "t.image_id = i.img_id", null));
    }

    @Test
    void parametersCannotBeChangedAfterTranslation() {
        SqlWhere where = translate("* where os=redhat", SqlDialect.POSTGRESQL);
        assertThrows(UnsupportedOperationException.class, () -> where.parameters().add("x"));
    }

    /** MariaDB's folded copies: an anchored literal prefix becomes a LIKE range ANDed with the REGEXP; others ignore the copies. */
    static final Function<String, SqlColumn> FOLDED = field -> field.equals("tag")
            ? SqlColumn.collection("image_tags", "t", "t.image_id = i.id", "t.tag", "t.tag_ci")
            : SqlColumn.scalar("i." + field, "i." + field + "_ci");

    @Test
    void mariadbAddsAPrefixRangeOnTheFoldedCopyForAnAnchoredLiteralPrefix() {
        assertEquals(new SqlWhere("(i.name_ci LIKE ? ESCAPE '!' AND i.name REGEXP ?)", List.of("img!_50!%!!.x%", "(?is)^IMG_50%!\\.X\\d")),
                SqlTranslator.translate(parse("* where name=^IMG_50%!\\.X\\d"), SqlDialect.MARIADB, FOLDED));
        assertEquals(new SqlWhere("EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.tag_ci LIKE ? ESCAPE '!'"
                        + " AND t.tag REGEXP ?) AND i.os REGEXP ?", List.of("hadoop%", "(?is)^hadoop$", "(?is)redhat")),
                SqlTranslator.translate(parse("* where tag=^hadoop$, os=redhat"), SqlDialect.MARIADB, FOLDED));
    }

    @ParameterizedTest
    @EnumSource(value = SqlDialect.class, names = {"POSTGRESQL", "H2"})
    void otherDialectsIgnoreTheFoldedCopies(SqlDialect dialect) {
        assertEquals(translate("* where name=^abc", dialect),
                SqlTranslator.translate(parse("* where name=^abc"), dialect, FOLDED));
    }

    @Test
    void mariadbWithoutAFoldedCopyOrPrefixIsTheRegexAlone() {
        assertEquals(new SqlWhere("i.name REGEXP ?", List.of("(?is)^abc")), translate("* where name=^abc", SqlDialect.MARIADB));
        assertEquals(new SqlWhere("i.name REGEXP ?", List.of("(?is)^(abc)")),
                SqlTranslator.translate(parse("* where name=^(abc)"), SqlDialect.MARIADB, FOLDED));
    }
}

package org.imagerepo.query;

import static org.imagerepo.query.Catalogs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParseTest {

    private static Query query(List<String> fields, Condition... conditions) {
        return new Query(fields, List.of(conditions));
    }

    // The paper's three examples.

    @Test
    void starAloneSelectsAllFieldsOfAllImages() {
        Query query = parse("*");
        assertEquals(Query.ALL, query);
        assertTrue(query.selectsAllFields());
        assertTrue(query.conditions().isEmpty());
    }

    @Test
    void starWhereConditionsSelectsAllFieldsOfMatchingImages() {
        assertEquals(query(List.of(), new Condition("os", "redhat"), new Condition("tag", "hadoop")),
                parse("* where os=redhat, tag=hadoop"));
    }

    @Test
    void fieldListWhereConditionSelectsOnlyThoseFields() {
        Query query = parse("name,os where vmType=kvm");
        assertEquals(query(List.of("name", "os"), new Condition("vmType", "kvm")), query);
        assertFalse(query.selectsAllFields());
    }

    @Test
    void fieldListWithoutConditionsSelectsThoseFieldsOfAllImages() {
        assertEquals(query(List.of("name", "imgURI", "size")), parse("name, imgURI, size"));
    }

    @Test
    void projectionKeepsTheOrderTheFieldsWereAskedIn() {
        assertEquals(List.of("os", "name", "imgId"), parse("os,name,imgId").fields());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   \t\n  "})
    void blankQueryMeansStar(String text) {
        assertEquals(Query.ALL, parse(text));
    }

    // Whitespace and case.

    @ParameterizedTest
    @ValueSource(strings = {
            "* where os=redhat, tag=hadoop",
            "*where os=redhat,tag=hadoop",
            "  *   where   os = redhat ,tag=  hadoop  ",
            "*\twhere\nos=redhat,\r\ntag=hadoop\n",
            "* WHERE os=redhat, tag=hadoop",
            "* Where OS=redhat, TAG=hadoop",
    })
    void whitespaceAndCaseOfKeywordAndFieldsDoNotChangeTheQuery(String text) {
        assertEquals(query(List.of(), new Condition("os", "redhat"), new Condition("tag", "hadoop")), parse(text));
    }

    @Test
    void fieldNamesResolveToTheirCanonicalSpelling() {
        assertEquals(query(List.of("name", "vmType"), new Condition("vmType", "kvm"), new Condition("imgType", "openstack")),
                parse("NAME,vmtype where VMTYPE=kvm, imgtype=openstack"));
    }

    @Test
    void valueCaseIsKeptAsWritten() {
        assertEquals("RedHat", parse("* where os=RedHat").conditions().get(0).pattern());
    }

    // Values.

    @Test
    void unquotedValueIsTrimmedButKeepsInnerSpaces() {
        assertEquals("big fast  image", parse("* where description=   big fast  image   ").conditions().get(0).pattern());
    }

    @Test
    void unquotedValueMayContainStarAndTheWordWhere() {
        assertEquals("where.*", parse("* where description=where.*").conditions().get(0).pattern());
    }

    @Test
    void quotedValueMayContainCommasSpacesAndEquals() {
        Query query = parse("* where description=\"big, fast\", name=\"a=b\", os=\"  padded  \"");
        assertEquals(List.of(new Condition("description", "big, fast"), new Condition("name", "a=b"),
                new Condition("os", "  padded  ")), query.conditions());
    }

    @Test
    void quotedValueUnescapesQuoteAndBackslash() {
        // Query text: description="say \"hi\" C:\\\\dir"  ->  pattern: say "hi" C:\\dir
        assertEquals("say \"hi\" C:\\\\dir",
                parse("* where description=\"say \\\"hi\\\" C:\\\\\\\\dir\"").conditions().get(0).pattern());
    }

    @Test
    void quotedValueKeepsOtherBackslashesForTheRegex() {
        assertEquals("\\d{2,3}, \\w+", parse("* where name=\"\\d{2,3}, \\w+\"").conditions().get(0).pattern());
    }

    @Test
    void quotedValueMayBeFollowedBySpacesBeforeTheComma() {
        assertEquals(query(List.of(), new Condition("os", "red hat"), new Condition("tag", "x")),
                parse("* where os=\"red hat\"   , tag=x"));
    }

    @Test
    void unquotedValueKeepsBackslashesAsWritten() {
        assertEquals("C:\\\\images\\.d", parse("* where description=C:\\\\images\\.d").conditions().get(0).pattern());
    }

    @Test
    void sameFieldMayBeConstrainedTwice() {
        assertEquals(List.of(new Condition("tag", "hadoop"), new Condition("tag", "spark")),
                parse("* where tag=hadoop, tag=spark").conditions());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redhat|centos",
            "^ubuntu$",
            "^ubuntu-\\d{2}\\.\\d{2}$",
            "[a-z0-9_-]+",
            "[^x]",
            ".*",
            "(?:red|cent)hat",
            "(red|cent)os",
            "hadoop\\.2\\.x",
            "\\w+\\s\\d+",
    })
    void regularExpressionValuesAreAccepted(String pattern) {
        assertEquals(List.of(new Condition("os", pattern)), parse("* where os=" + pattern).conditions());
    }

    @Test
    void unicodeValuesAreAccepted() {
        assertEquals("café ☕ 日本語 😀", parse("* where description=café ☕ 日本語 😀").conditions().get(0).pattern());
    }

    @Test
    void queryWithExactlyTheMaximumNumberOfConditionsIsAccepted() {
        String text = "* where " + String.join(", ", Collections.nCopies(Query.MAX_CONDITIONS, "tag=t"));
        assertEquals(Query.MAX_CONDITIONS, parse(text).conditions().size());
    }

    @Test
    void queryOfExactlyTheMaximumLengthIsAccepted() {
        String text = "* where description=x" + " ".repeat(Query.MAX_LENGTH - 21);
        assertEquals(Query.MAX_LENGTH, text.length());
        assertEquals("x", parse(text).conditions().get(0).pattern());
    }
}

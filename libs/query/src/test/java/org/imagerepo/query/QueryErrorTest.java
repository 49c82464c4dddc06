package org.imagerepo.query;

import static org.imagerepo.query.Catalogs.parseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryErrorTest {

    private static void assertSyntaxError(String text, int position, String expected, String message) {
        QueryException error = parseError(text);
        assertEquals(position, error.position(), error.getMessage());
        assertEquals(expected, error.expected(), error.getMessage());
        assertEquals(message, error.getMessage());
    }

    // Missing or misplaced field names.

    @Test
    void leadingCommaInFieldListIsMissingAField() {
        assertSyntaxError(",os", 0, "'*' or a field name",
                "Syntax error at position 0: expected '*' or a field name but found ','; "
                        + "a query starts with '*' or a list of fields, as in '* where os=redhat'");
    }

    @Test
    void doubleCommaInFieldListIsMissingAField() {
        assertSyntaxError("name,,os", 5, "a field name",
                "Syntax error at position 5: expected a field name after ',' but found ','");
    }

    @Test
    void trailingCommaInFieldListIsMissingAField() {
        assertSyntaxError("name, ", 6, "a field name",
                "Syntax error at position 6: expected a field name after ',' but found end of query");
    }

    @Test
    void queryStartingWithWhereNamesWhatAQueryStartsWith() {
        assertSyntaxError("where os=redhat", 0, "'*' or a field name",
                "Syntax error at position 0: expected '*' or a field name but found 'where'; "
                        + "a query starts with '*' or a list of fields, as in '* where os=redhat'");
    }

    @Test
    void conditionWithoutFieldIsMissingAField() {
        assertSyntaxError("* where =redhat", 8, "a field name",
                "Syntax error at position 8: expected a field name after 'where' but found '='");
    }

    @Test
    void trailingCommaAfterConditionsIsMissingAField() {
        assertSyntaxError("* where os=redhat,", 18, "a field name",
                "Syntax error at position 18: expected a field name after ',' but found end of query");
    }

    @Test
    void whereWithoutConditionIsMissingAField() {
        assertSyntaxError("* where", 7, "a field name",
                "Syntax error at position 7: expected a field name after 'where' but found end of query");
        assertEquals(10, parseError("* where   ").position());
    }

    @Test
    void keywordWhereIsNotAFieldName() {
        assertSyntaxError("* where where=x", 8, "a field name",
                "Syntax error at position 8: expected a field name after 'where' but found 'where'");
    }

    // What may follow the projection.

    @Test
    void starFollowedByAConditionWithoutWhereIsRejected() {
        assertSyntaxError("* os=redhat", 2, "'where' or end of query",
                "Syntax error at position 2: expected 'where' or end of query after '*' but found 'os'");
    }

    @Test
    void starCannotBeCombinedWithFieldNames() {
        assertSyntaxError("*, name", 1, "'where' or end of query",
                "Syntax error at position 1: expected 'where' or end of query after '*' but found ','");
    }

    @Test
    void fieldsSeparatedBySpaceInsteadOfCommaAreRejected() {
        assertSyntaxError("name os where vmType=kvm", 5, "',', 'where' or end of query",
                "Syntax error at position 5: expected ',', 'where' or end of query after field 'name' but found 'os'");
    }

    @Test
    void misspelledKeywordIsRejected() {
        assertSyntaxError("name wher os=x", 5, "',', 'where' or end of query",
                "Syntax error at position 5: expected ',', 'where' or end of query after field 'name' but found 'wher'");
    }

    // The '=' and the value.

    @Test
    void conditionWithoutEqualsIsRejected() {
        assertSyntaxError("* where os redhat", 11, "'='",
                "Syntax error at position 11: expected '=' after field 'os' but found 'redhat'");
    }

    @Test
    void conditionEndingAfterFieldIsMissingEquals() {
        assertSyntaxError("* where os", 10, "'='",
                "Syntax error at position 10: expected '=' after field 'os' but found end of query");
    }

    @Test
    void doubleEqualsIsRejected() {
        assertSyntaxError("* where os==redhat", 11, "a value",
                "Syntax error at position 11: expected a value after '=' but found '='; quote a value that starts with '='");
    }

    @Test
    void forgottenCommaBetweenConditionsIsCaughtAtTheSecondEquals() {
        assertSyntaxError("* where os=redhat tag=hadoop", 21, "',' or end of query",
                "Syntax error at position 21: expected ',' or end of query in the value for 'os' but found '='; "
                        + "separate conditions with ',', and quote a value that contains '='");
    }

    @Test
    void quoteInsideUnquotedValueIsRejected() {
        assertSyntaxError("* where os=red\"hat\"", 14, "',' or end of query",
                "Syntax error at position 14: expected ',' or end of query in the value for 'os' but found '\"'; "
                        + "quote the whole value to include '\"', writing it as \\\"");
    }

    @Test
    void unterminatedQuoteIsReportedAtTheEndAndNamesWhereItOpened() {
        assertSyntaxError("* where description=\"big, fast", 30, "a closing '\"'",
                "Syntax error at position 30: expected a closing '\"' for the value opened at position 20 "
                        + "but found end of query; write a '\"' inside a value as \\\"");
    }

    @Test
    void escapedQuoteDoesNotCloseTheValue() {
        assertEquals(24, parseError("* where os=\"redhat\\\" x\\\"").position());
    }

    @Test
    void textAfterAQuotedValueIsRejected() {
        assertSyntaxError("* where os=\"redhat\" tag=x", 20, "',' or end of query",
                "Syntax error at position 20: expected ',' or end of query after the quoted value for 'os' but found 'tag'");
    }

    @Test
    void controlCharacterIsShownByCodePointInTheMessage() {
        assertSyntaxError("* where \u0007", 8, "a field name",
                "Syntax error at position 8: expected a field name after 'where' but found U+0007");
    }

    // Empty values.

    @Test
    void valueMissingAtEndIsAnEmptyValue() {
        assertSyntaxError("* where os=", 11, "a value", "Empty value for 'os' at position 11: use .* to match anything");
    }

    @Test
    void valueMissingBeforeCommaIsAnEmptyValue() {
        assertSyntaxError("* where os= , tag=x", 12, "a value", "Empty value for 'os' at position 12: use .* to match anything");
    }

    @Test
    void blankUnquotedValueIsAnEmptyValue() {
        assertEquals(14, parseError("* where os=   ").position());
    }

    @Test
    void emptyQuotedValueIsAnEmptyValueAtItsOpeningQuote() {
        assertSyntaxError("* where os=\"\"", 11, "a value", "Empty value for 'os' at position 11: use .* to match anything");
    }

    // Commas that were meant to be inside a value.

    @Test
    void unquotedCountedRepetitionCutAtItsCommaSuggestsQuoting() {
        QueryException error = parseError("* where name=a{2,5}");
        assertEquals(16, error.position());
        assertEquals("Invalid regular expression for 'name' at position 16: unclosed counted closure "
                + "(if the ',' at position 16 belongs to the value, put the value in double quotes)", error.getMessage());
    }

    @Test
    void unquotedValueWithCommaFollowedByWordsSuggestsQuoting() {
        QueryException error = parseError("* where description=big, fast");
        assertEquals(25, error.position());
        assertTrue(error.getMessage().startsWith("Unknown field 'fast' at position 25; searchable fields: "), error.getMessage());
        assertTrue(error.getMessage().endsWith("(if the ',' belongs to the previous value, put that value in double quotes)"));
    }

    // Fields the catalog does not know or does not allow.

    @Test
    void unknownFieldInProjectionListsKnownFields() {
        QueryException error = parseError("name,colour");
        assertEquals(5, error.position());
        assertNull(error.expected());
        assertEquals("Unknown field 'colour' at position 5; known fields: imgId, owner, name, os, description, tag, "
                + "vmType, imgType, permission, imgStatus, imgURI, size", error.getMessage());
    }

    @Test
    void unknownFieldInConditionListsSearchableFields() {
        QueryException error = parseError("* where colour=red");
        assertEquals(8, error.position());
        assertNull(error.expected());
        assertEquals("Unknown field 'colour' at position 8; searchable fields: imgId, owner, name, os, description, tag, "
                + "vmType, imgType, permission, imgStatus", error.getMessage());
    }

    @Test
    void projectionOnlyFieldCannotBeSearched() {
        QueryException error = parseError("* where IMGURI=x");
        assertEquals(8, error.position());
        assertTrue(error.getMessage().startsWith("Field 'imgURI' at position 8 cannot be used in a condition; searchable fields: imgId,"),
                error.getMessage());
    }

    @Test
    void duplicateFieldInProjectionIsRejectedEvenInAnotherCase() {
        QueryException error = parseError("name,os,NAME");
        assertEquals(8, error.position());
        assertNull(error.expected());
        assertEquals("Field 'name' at position 8 is already in the field list; name each field once", error.getMessage());
    }

    // Regular expressions: position inside the query.

    @Test
    void invalidRegexIsReportedAtItsPlaceInTheQuery() {
        QueryException error = parseError("* where os=(redhat");
        assertEquals(18, error.position());
        assertNull(error.expected());
        assertEquals("Invalid regular expression for 'os' at position 18: unclosed group", error.getMessage());
    }

    @Test
    void disallowedRegexInAQuotedValueIsReportedAtItsPlaceInTheQuery() {
        // os="a\"b\1": the pattern is a"b\1, whose '\1' starts at position 16 of the query.
        QueryException error = parseError("* where os=\"a\\\"b\\1\"");
        assertEquals(16, error.position());
        assertEquals("Regular expression not allowed for 'os' at position 16: backreferences such as '\\1' are not allowed",
                error.getMessage());
    }

    @Test
    void positionsCountUtf16CharsSoAnEmojiCountsTwo() {
        assertEquals(13, parseError("* where os=😀(").position());
    }
}

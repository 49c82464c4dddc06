package org.imagerepo.query;

import static org.imagerepo.query.Catalogs.parse;
import static org.imagerepo.query.Catalogs.parseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostileInputTest {

    private static final List<String> SQL_INJECTIONS = List.of(
            "' OR 1=1 --",
            "x'; DROP TABLE images; --",
            "a' OR 'a'='a",
            "\\'; DELETE FROM image WHERE 1=1; --",
            "1; SELECT pg_sleep(10)",
            "$$; DROP TABLE images; $$");

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void sqlInjectionTextTravelsOnlyAsParameters(SqlDialect dialect) {
        for (String injection : SQL_INJECTIONS) {
            Query query = parse("* where description=" + quoted(injection) + ", tag=" + quoted(injection));
            SqlWhere where = SqlTranslator.translate(query, dialect, SqlTranslatorTest.IMAGE_COLUMNS);

            assertEquals(List.of(dialect.parameter(injection), dialect.parameter(injection)), where.parameters());
            SqlWhere harmless = SqlTranslator.translate(parse("* where description=x, tag=x"), dialect,
                    SqlTranslatorTest.IMAGE_COLUMNS);
            assertEquals(harmless.sql(), where.sql(), "the SQL text must not depend on the values");
            assertFalse(where.sql().contains("DROP") || where.sql().contains("1=1") || where.sql().contains("--"));
        }
    }

    @Test
    void unquotedSqlInjectionWithoutEqualsIsJustRegexText() {
        assertEquals("x'; DROP TABLE images; --", parse("* where name=x'; DROP TABLE images; --").conditions().get(0).pattern());
    }

    @Test
    void unquotedValueContainingEqualsMustBeQuoted() {
        QueryException error = parseError("* where name=' OR 1=1 --");
        assertEquals(19, error.position());
        assertEquals("',' or end of query", error.expected());
    }

    @Test
    void quotesAndBackslashesSurviveAsLiteralRegexText() {
        // description="it's \"quoted\" and C:\\\\dir"  ->  it's "quoted" and C:\\dir (a regex for C:\dir)
        Query query = parse("* where description=\"it's \\\"quoted\\\" and C:\\\\\\\\dir\"");
        assertEquals("it's \"quoted\" and C:\\\\dir", query.conditions().get(0).pattern());
    }

    @Test
    void backslashBeforeALetterThatIsNoEscapeIsAnInvalidRegex() {
        QueryException error = parseError("* where description=C:\\images");
        assertEquals(23, error.position());
        assertEquals("Invalid regular expression for 'description' at position 23: illegal/unsupported escape sequence",
                error.getMessage());
    }

    @Test
    void backslashBeforeALetterThatOnlyJavaKnowsIsRefusedByThePolicy() {
        QueryException error = parseError("* where description=C:\\temp");
        assertEquals(22, error.position());
        assertTrue(error.getMessage().startsWith("Regular expression not allowed for 'description' at position 22: escape '\\t'"),
                error.getMessage());
    }

    @Test
    void unicodeIsAcceptedInValuesAndRefusedInFieldNames() {
        assertEquals("Ubuntu – 日本語 😀", parse("* where description=Ubuntu – 日本語 😀").conditions().get(0).pattern());
        QueryException error = parseError("* where ös=x");
        assertEquals(8, error.position());
        assertEquals("a field name", error.expected());
    }

    @Test
    void megabyteQueryIsRejectedQuicklyForItsLength() {
        String huge = "* where description=" + "a".repeat(1 << 20);
        QueryException error = assertTimeoutPreemptively(Duration.ofMillis(500), () -> parseError(huge));
        assertEquals(-1, error.position());
        assertNull(error.expected());
        assertEquals("Query is " + huge.length() + " characters long; the limit is 8192", error.getMessage());
    }

    @Test
    void queryOneCharOverTheLimitIsRejected() {
        assertEquals(-1, parseError("*" + " ".repeat(Query.MAX_LENGTH)).position());
    }

    @Test
    void conditionBeyondTheMaximumIsRejectedWhereItStarts() {
        String allowed = "* where " + String.join(", ", Collections.nCopies(Query.MAX_CONDITIONS, "tag=t"));
        QueryException error = parseError(allowed + ", os=x");
        assertEquals(allowed.length() + 2, error.position());
        assertEquals("Too many conditions: the one at position " + (allowed.length() + 2)
                + " would be number 33; the limit is 32", error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+$", "(a|a)*b", "(.*a){20}", "(x+x+)+y", "(a*)*", "(a|aa)+", "(\\w+\\s?)*$", "([a-z]+)*@"})
    void catastrophicBacktrackingPatternsAreRejectedQuickly(String pattern) {
        QueryException error = assertTimeoutPreemptively(Duration.ofMillis(500),
                () -> parseError("* where description=\"" + pattern + "\""));
        assertTrue(error.getMessage().startsWith("Regular expression not allowed for 'description' at position "),
                error.getMessage());
        assertTrue(error.getMessage().contains("exponential time"), error.getMessage());
    }

    @Test
    void longButHarmlessPatternIsAccepted() {
        StringBuilder pattern = new StringBuilder("^(?:image0");
        for (int i = 1; pattern.length() < RegexPolicy.MAX_LENGTH - 30; i++) {
            pattern.append("|image").append(i);
        }
        pattern.append(")-\\d{1,4}[a-z]*$");
        assertTrue(pattern.length() <= RegexPolicy.MAX_LENGTH && pattern.length() > 230, "length " + pattern.length());
        assertEquals(pattern.toString(), parse("* where name=\"" + pattern + "\"").conditions().get(0).pattern());
    }

    @Test
    void valueOverTheRegexLengthLimitIsRejectedAtTheFirstExcessChar() {
        QueryException error = parseError("* where name=" + "a".repeat(RegexPolicy.MAX_LENGTH + 1));
        assertEquals(13 + RegexPolicy.MAX_LENGTH, error.position());
        assertEquals("Regular expression not allowed for 'name' at position 269: it is 257 characters long; the limit is 256",
                error.getMessage());
    }

    @Test
    void backreferenceIsRejected() {
        QueryException error = parseError("* where name=(a)\\1");
        assertEquals(16, error.position());
        assertEquals("Regular expression not allowed for 'name' at position 16: backreferences such as '\\1' are not allowed",
                error.getMessage());
    }

    @Test
    void lookaheadIsRejected() {
        QueryException error = parseError("* where name=\"x(?=y)\"");
        assertEquals(15, error.position());
        assertEquals("Regular expression not allowed for 'name' at position 15: lookahead '(?=' is not allowed", error.getMessage());
    }

    @Test
    void inlineFlagsCannotSwitchOffCaseInsensitivity() {
        assertEquals(13, parseError("* where name=(?-i)Abc").position());
    }

    @Test
    void nulCharacterInAValueIsRejected() {
        QueryException error = parseError("* where name=a\u0000b");
        assertEquals(14, error.position());
    }
}

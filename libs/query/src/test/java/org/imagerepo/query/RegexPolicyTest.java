package org.imagerepo.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.imagerepo.query.RegexPolicy.Kind;
import org.imagerepo.query.RegexPolicy.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegexPolicyTest {

    private static Violation refusal(String pattern) {
        Optional<Violation> violation = RegexPolicy.check(pattern);
        assertTrue(violation.isPresent(), () -> "expected '" + pattern + "' to be refused");
        return violation.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redhat", ".", ".*", "^ubuntu$", "a|b|c", "(ab)", "(?:ab)", "(?:ab)+", "(ab){2,5}",
            "[a-z]", "[^a-z0-9_-]", "[-a]", "[a-]", "[\\]\\[]", "[\\d\\w\\s\\D\\W\\S]", "\\d\\w\\s\\D\\W\\S",
            "\\.\\*\\+\\?\\(\\)\\{\\}\\|\\^\\$\\\\\\/\\-", "a*", "a+", "a?", "a{3}", "a{3,}", "a{0,100}", "a{100}",
            "(a+)?", "(a|b)?", "(a*){1}", "(a|b)", "x]", "x}", "a|", "centos|redhat|(ubuntu|debian)",
            "^centos-\\d+\\.\\d+(-\\w+)?$", "café", "😀+", "[é-ü]",
    })
    void portableSafeExpressionsAreAllowed(String pattern) {
        assertEquals(Optional.empty(), RegexPolicy.check(pattern));
    }

    @Test
    void emptyPatternIsRefusedWithAdviceToUseDotStar() {
        assertEquals(new Violation(0, Kind.EMPTY, "use .* to match anything"), refusal(""));
    }

    @Test
    void longestAllowedPatternIsAccepted() {
        assertEquals(Optional.empty(), RegexPolicy.check("a".repeat(RegexPolicy.MAX_LENGTH)));
    }

    @Test
    void patternOverTheLengthLimitIsRefusedWhereItExceedsIt() {
        assertEquals(new Violation(256, Kind.NOT_ALLOWED, "it is 257 characters long; the limit is 256"),
                refusal("a".repeat(257)));
    }

    @Test
    void patternThatDoesNotCompileIsInvalidWithJavaReason() {
        Violation violation = refusal("[a");
        assertEquals(Kind.INVALID, violation.kind());
        assertEquals("unclosed character class", violation.detail());
    }

    @ParameterizedTest(name = "{0} refused at {1}: {2}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
            // nested quantifiers and repeated alternation: exponential on backtracking engines
            "(a+)+$ => 4 => the repeated group already contains a quantifier",
            "(a*)* => 4 => the repeated group already contains a quantifier",
            "(.*a){20} => 5 => the repeated group already contains a quantifier",
            "(x+x+)+y => 6 => the repeated group already contains a quantifier",
            "(a?)* => 4 => the repeated group already contains a quantifier",
            "((ab)+c)* => 8 => the repeated group already contains a quantifier",
            "(a|aa)+ => 6 => the repeated group contains '|'",
            "(a|a)*b => 5 => the repeated group contains '|'",
            "(?:a|b){2} => 7 => the repeated group contains '|'",
            // quantifier forms
            "a{1,101} => 1 => repetition count 101 is above the limit of 100",
            "a{101} => 1 => repetition count 101 is above the limit of 100",
            "a{5000,} => 1 => repetition count 5000 is above the limit of 100",
            "a*? => 2 => lazy quantifier '*?' is not allowed",
            "a{2}? => 4 => lazy quantifier '{2}?' is not allowed",
            "a++ => 2 => possessive quantifier '++' is not allowed",
            "a{2}{3} => 4 => a quantifier cannot follow another quantifier",
            "a+{2} => 2 => a quantifier cannot follow another quantifier",
            "^* => 1 => the anchors '^' and '$' cannot be quantified",
            // groups other than ( ) and (?: )
            "(?=a)b => 0 => lookahead '(?=' is not allowed",
            "a(?!b) => 1 => lookahead '(?!' is not allowed",
            "(?<=a)b => 0 => lookbehind '(?<=' is not allowed",
            "(?<!a)b => 0 => lookbehind '(?<!' is not allowed",
            "(?<n>a) => 0 => named groups '(?<name>…)' are not allowed",
            "(?>a) => 0 => atomic groups '(?>…)' are not allowed",
            "(?i)a => 0 => inline flags such as '(?i)' are not allowed",
            "x(?-i:a) => 1 => inline flags such as '(?i)' are not allowed",
            // escapes
            "(a)\\1 => 3 => backreferences such as '\\1' are not allowed",
            "(?:a)\\9 => 5 => backreferences such as '\\9' are not allowed",
            "(?<x>a)\\k<x> => 0 => named groups '(?<name>…)' are not allowed",
            "\\0101 => 0 => octal escapes such as '\\0' are not allowed",
            "\\Q.*\\E => 0 => quoting with '\\Q…\\E' is not allowed",
            "\\p{L} => 0 => unicode classes such as '\\p{L}' are not allowed",
            "x\\P{Lu} => 1 => unicode classes such as '\\P{L}' are not allowed",
            "\\bword => 0 => word boundaries '\\b' are not portable",
            "\\t => 0 => escape '\\t' is not allowed",
            "\\x41 => 0 => escape '\\x' is not allowed",
            "\\é => 0 => escape '\\é' is not allowed",
            // character classes
            "[[a]] => 1 => '[' inside a character class",
            "[[:alpha:]] => 1 => '[' inside a character class",
            "[a-z&&[^m]] => 4 => class intersection '&&' is not allowed",
            "[]a] => 1 => a ']' first in a character class",
            "[^]a] => 2 => a ']' first in a character class",
            "[\\d-z] => 3 => a range cannot start or end with a class escape",
            "[\\Qa\\E] => 1 => quoting with '\\Q…\\E' is not allowed",
    })
    void nonPortableOrUnsafeConstructsAreRefusedWhereTheyStart(String pattern, int index, String detailStart) {
        Violation violation = refusal(pattern);
        assertEquals(Kind.NOT_ALLOWED, violation.kind());
        assertTrue(violation.detail().startsWith(detailStart), violation.detail());
        assertEquals(index, violation.index(), violation.detail());
    }

    @Test
    void nulCharacterIsRefused() {
        assertEquals(new Violation(1, Kind.NOT_ALLOWED, "the NUL character (U+0000) cannot be searched for"),
                refusal("a\u0000"));
    }

    @Test
    void unpairedSurrogateIsRefused() {
        assertEquals(new Violation(1, Kind.NOT_ALLOWED, "unpaired surrogate U+D83D is not valid text"),
                refusal("a\uD83Dz"));
    }

    @Test
    void refusalIsQuickEvenForThePatternsItRefuses() {
        long start = System.nanoTime();
        for (String pattern : new String[]{"(a+)+$", "(a|a)*b", "(.*a){20}", "(x+x+)+y"}) {
            refusal(pattern);
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
    }
}

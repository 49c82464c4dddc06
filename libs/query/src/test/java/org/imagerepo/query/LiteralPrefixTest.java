package org.imagerepo.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralPrefixTest {

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
            "^redhat => redhat",
            "^RedHat$ => redhat",
            "^ubuntu-2[24] => ubuntu-2",
            "^img\\.\\d+ => img.",
            "^a\\.b => a.b",
            "^a.b => a",
            "^50%_off! => 50%_off!",
            "^colou?r => colo",
            "^ab*c => a",
            "^ab{2}c => a",
            "^ab+c => ab",
            "^(ab)c => ''",
            "^(?:ab) => ''",
            "^ab(c|d) => ab",
            "^abc|def => ''",
            "^a[|]b => a",
            "^abc[x|] => abc",
            "redhat => ''",
            "x^abc => ''",
            "^ => ''",
            "^$ => ''",
            "^\\d+ => ''",
            "^red hat => red hat",
            "'^red  +' => red",
            "'^red ' => red",
            "^caf\u00e9 => caf",
            "^\\\\x => \\x",
            "^\\^x => ^x",
            "^\\$x\\| => $x|",
    })
    void prefixOfAnAnchoredPattern(String pattern, String expected) {
        assertEquals(expected, LiteralPrefix.of(pattern), pattern);
    }

    @Test
    void caseVariantsCoverBothCasesAndTheUnicodeCharactersThatFoldToALetter() {
        assertEquals(List.of("a1", "A1"), LiteralPrefix.caseVariants("a1", 64));
        assertEquals(List.of("s", "S", "\u017F"), LiteralPrefix.caseVariants("s", 64));
        assertEquals(List.of("k", "K", "\u212A"), LiteralPrefix.caseVariants("k", 64));
        assertEquals(List.of("i", "I", "\u0131", "\u0130"), LiteralPrefix.caseVariants("i", 64));
        assertEquals(4 * 16, LiteralPrefix.caseVariants("image-0123", 64).size(), "i, m, a, g, e, digits");
        assertEquals(List.of("ab", "aB", "Ab", "AB"), LiteralPrefix.caseVariants("abcdef", 7), "stops before passing the cap");
        assertEquals(4, LiteralPrefix.caseVariants("i", 1).size(), "the first character is always kept");
    }

    /** Every character java.util.regex matches to an ASCII character ignoring case (as H2 and mongo-java-server do) is a variant. */
    @Test
    void everyCharacterThatJavaMatchesIgnoringCaseIsAVariant() {
        for (char c = 0x20; c <= 0x7E; c++) {
            String folded = LiteralPrefix.of("^" + (Character.isLetterOrDigit(c) || c == ' ' ? "" : "\\") + c + "x");
            if (c == ' ') {
                continue;
            }
            assertEquals(1, folded.length() - 1, "prefix of " + c);
            String options = LiteralPrefix.options(folded.charAt(0));
            Pattern pattern = Pattern.compile(Pattern.quote(String.valueOf(c)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                if (pattern.matcher(Character.toString(cp)).matches()) {
                    assertTrue(options.contains(Character.toString(cp)),
                            "U+" + Integer.toHexString(cp) + " matches '" + c + "' ignoring case but is not among " + options);
                }
            }
        }
    }
}

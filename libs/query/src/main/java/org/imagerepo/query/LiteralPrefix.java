package org.imagerepo.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The literal text every value matching an anchored pattern must start with, for stores that can use an
 * index on a prefix but not on a regular expression (MariaDB, MongoDB). The translators AND a condition
 * on this prefix with the regular expression itself, so the prefix only has to be <em>necessary</em>:
 * it narrows the rows an index yields, the regular expression still decides. A wrong prefix would drop
 * matching rows, so the rule is conservative:
 *
 * <ul>
 *   <li>the pattern starts with {@code ^} and has no {@code |} outside a group or class (the {@code ^}
 *       of {@code ^a|b} anchors the first alternative only): otherwise there is no prefix;</li>
 *   <li>the prefix is the run of literal characters after {@code ^}: printable ASCII, or {@code \} before
 *       ASCII punctuation ({@code \.} is a dot); it stops at the first {@code . [ ] ( ) { } * + ? | ^ $},
 *       class escape ({@code \d}), non-ASCII or control character;</li>
 *   <li>a literal followed by {@code * ? {} may occur zero times and is left out; one followed by
 *       {@code +} is kept and ends the prefix;</li>
 *   <li>trailing blanks are left out (MariaDB compares PAD SPACE);</li>
 *   <li>it is folded to lower case: matching ignores case, so stores compare it with a folded copy of the
 *       value ({@code LOWER(UPPER(col))} on MariaDB, see {@link SqlColumn}) or try every case variant
 *       ({@link #caseVariants}), which includes the non-ASCII characters that match an ASCII letter
 *       case-insensitively on some engine: {@code ı İ} for i, {@code K} (Kelvin) for k, {@code ſ} for s.</li>
 * </ul>
 */
public final class LiteralPrefix {

    /** The characters that match each ASCII letter ignoring case on java.util.regex or PCRE, beyond its two cases. */
    private static final String EXTRA_I = "\u0131\u0130";
    private static final String EXTRA_K = "\u212A";
    private static final String EXTRA_S = "\u017F";

    private static final String META = ".[](){}*+?|^$";

    private LiteralPrefix() {
    }

    /**
     * The folded (lower-case ASCII) text that every value matching {@code pattern} case-insensitively starts
     * with, once folded; empty when there is none to use.
     */
    public static String of(String pattern) {
        if (pattern.isEmpty() || pattern.charAt(0) != '^' || hasTopLevelAlternation(pattern)) {
            return "";
        }
        StringBuilder prefix = new StringBuilder();
        int i = 1;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            char literal;
            int next;
            if (c == '\\') {
                if (i + 1 >= pattern.length() || !isAsciiPunctuation(pattern.charAt(i + 1))) {
                    break;
                }
                literal = pattern.charAt(i + 1);
                next = i + 2;
            } else if (META.indexOf(c) >= 0 || c < 0x20 || c > 0x7E) {
                break;
            } else {
                literal = c;
                next = i + 1;
            }
            char after = next < pattern.length() ? pattern.charAt(next) : 0;
            if (after == '*' || after == '?' || after == '{') {
                break;
            }
            prefix.append(literal);
            if (after == '+') {
                break;
            }
            i = next;
        }
        int end = prefix.length();
        while (end > 0 && prefix.charAt(end - 1) == ' ') {
            end--;
        }
        return fold(prefix.substring(0, end));
    }

    /**
     * Every text whose characters each match the corresponding character of {@code folded} ignoring case, on
     * any of our engines; as many leading characters of {@code folded} as keep the count within
     * {@code maxVariants} (at least one character). For {@code "ab"}: ab, aB, Ab, AB.
     */
    public static List<String> caseVariants(String folded, int maxVariants) {
        List<String> variants = new ArrayList<>(List.of(""));
        for (int i = 0; i < folded.length(); i++) {
            String options = options(folded.charAt(i));
            if (i > 0 && (long) variants.size() * options.length() > maxVariants) {
                break;
            }
            List<String> longer = new ArrayList<>(variants.size() * options.length());
            for (String variant : variants) {
                for (int o = 0; o < options.length(); o++) {
                    longer.add(variant + options.charAt(o));
                }
            }
            variants = longer;
        }
        return variants;
    }

    /** The characters that match {@code c} (a folded prefix character) ignoring case. */
    static String options(char c) {
        if (c < 'a' || c > 'z') {
            return String.valueOf(c);
        }
        String both = "" + c + (char) (c - 'a' + 'A');
        return switch (c) {
            case 'i' -> both + EXTRA_I;
            case 'k' -> both + EXTRA_K;
            case 's' -> both + EXTRA_S;
            default -> both;
        };
    }

    private static String fold(String ascii) {
        StringBuilder folded = new StringBuilder(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c);
        }
        return folded.toString();
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= 0x21 && c <= 0x7E && !Character.isLetterOrDigit(c);
    }

    private static boolean hasTopLevelAlternation(String pattern) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}

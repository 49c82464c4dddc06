package org.imagerepo.query;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The subset of regular expressions a query value may use.
 *
 * <p>A value is evaluated by several engines: PostgreSQL ({@code ~*}), H2 ({@code REGEXP_LIKE}, i.e.
 * java.util.regex), MariaDB and MongoDB (PCRE). The subset is what all of them read the same way,
 * minus the constructs that make a backtracking engine take exponential time:
 * <ul>
 *   <li>literals, escaped punctuation ({@code \.}), {@code .}, {@code ^}, {@code $};</li>
 *   <li>character classes {@code [...]} with ranges and negation, and {@code \d \w \s \D \W \S};</li>
 *   <li>alternation {@code |}, groups {@code ( )} and {@code (?: )};</li>
 *   <li>greedy quantifiers {@code * + ? {n} {n,} {n,m}} with counts up to {@value #MAX_REPETITION}.</li>
 * </ul>
 * A group repeated more than once (by {@code * + {n,m}} …) may contain neither a quantifier nor an
 * alternation: {@code (a+)+}, {@code (.*a){20}} and {@code (a|a)*b} are rejected. A value is at most
 * {@value #MAX_LENGTH} characters and never empty.
 */
public final class RegexPolicy {

    public static final int MAX_LENGTH = 256;
    public static final int MAX_REPETITION = 100;

    /** Why a value was refused. {@link #title()} starts the message shown to the user. */
    public enum Kind {
        EMPTY("Empty value"),
        INVALID("Invalid regular expression"),
        NOT_ALLOWED("Regular expression not allowed");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /**
     * A reason to refuse a value.
     *
     * @param index  0-based offset into the pattern of the offending construct
     * @param kind   what sort of problem it is
     * @param detail what is wrong and what to write instead, e.g. {@code "backreference '\1' is not allowed"}
     */
    public record Violation(int index, Kind kind, String detail) {
    }

    private RegexPolicy() {
    }

    /** The first reason to refuse {@code pattern}, or empty if it is allowed. */
    public static Optional<Violation> check(String pattern) {
        if (pattern.isEmpty()) {
            return Optional.of(new Violation(0, Kind.EMPTY, "use .* to match anything"));
        }
        if (pattern.length() > MAX_LENGTH) {
            return Optional.of(new Violation(MAX_LENGTH, Kind.NOT_ALLOWED,
                    "it is " + pattern.length() + " characters long; the limit is " + MAX_LENGTH));
        }
        Optional<Violation> unstorable = unstorableCharacter(pattern);
        if (unstorable.isPresent()) {
            return unstorable;
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            int index = Math.min(Math.max(e.getIndex(), 0), pattern.length()); // -1 when Java cannot tell
            return Optional.of(new Violation(index, Kind.INVALID, describe(e)));
        }
        try {
            new Walker(pattern).walk();
            return Optional.empty();
        } catch (Refusal refusal) {
            return Optional.of(new Violation(refusal.index, Kind.NOT_ALLOWED, refusal.getMessage()));
        }
    }

    /** NUL and unpaired surrogates cannot travel as UTF-8 text to PostgreSQL; refuse them here rather than fail there. */
    private static Optional<Violation> unstorableCharacter(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\0') {
                return Optional.of(new Violation(i, Kind.NOT_ALLOWED, "the NUL character (U+0000) cannot be searched for"));
            }
            if (Character.isHighSurrogate(c) && i + 1 < pattern.length() && Character.isLowSurrogate(pattern.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(new Violation(i, Kind.NOT_ALLOWED,
                        String.format(Locale.ROOT, "unpaired surrogate U+%04X is not valid text", (int) c)));
            }
        }
        return Optional.empty();
    }

    private static String describe(PatternSyntaxException e) {
        String description = e.getDescription();
        return Character.toLowerCase(description.charAt(0)) + description.substring(1);
    }

    /** Unwinds the walk at the first refused construct. */
    private static final class Refusal extends RuntimeException {
        final int index;

        Refusal(int index, String detail) {
            super(detail, null, false, false);
            this.index = index;
        }
    }

    /** What a sub-expression contains, which decides whether it may be repeated. */
    private record Shape(boolean hasQuantifier, boolean hasAlternation) {
        static final Shape PLAIN = new Shape(false, false);

        Shape and(Shape other) {
            return new Shape(hasQuantifier || other.hasQuantifier, hasAlternation || other.hasAlternation);
        }
    }

    private record Atom(Shape shape, boolean isAnchor) {
    }

    /**
     * A recursive-descent reading of a pattern that java.util.regex has already accepted, so it only
     * has to recognise constructs, not report syntax errors.
     */
    private static final class Walker {
        private static final char END = '\uFFFF';
        private static final String CLASS_ESCAPES = "dwsDWS";

        private final String pattern;
        private int index;

        Walker(String pattern) {
            this.pattern = pattern;
        }

        void walk() {
            alternation();
            if (index < pattern.length()) {
                throw new Refusal(index, "unexpected '" + peek() + "'");
            }
        }

        private Shape alternation() {
            Shape shape = sequence();
            while (peek() == '|') {
                index++;
                shape = shape.and(sequence()).and(new Shape(false, true));
            }
            return shape;
        }

        private Shape sequence() {
            Shape shape = Shape.PLAIN;
            while (index < pattern.length() && peek() != '|' && peek() != ')') {
                shape = shape.and(term());
            }
            return shape;
        }

        private Shape term() {
            Atom atom = atom();
            if (!isQuantifierStart(peek())) {
                return atom.shape();
            }
            int quantifierStart = index;
            boolean repeats = quantifier();
            if (atom.isAnchor()) {
                throw new Refusal(quantifierStart, "the anchors '^' and '$' cannot be quantified");
            }
            if (repeats && atom.shape().hasQuantifier()) {
                throw new Refusal(quantifierStart, "the repeated group already contains a quantifier; nested"
                        + " quantifiers, as in '(a+)+', take exponential time on backtracking engines");
            }
            if (repeats && atom.shape().hasAlternation()) {
                throw new Refusal(quantifierStart, "the repeated group contains '|'; overlapping alternatives, as in"
                        + " '(a|a)*', take exponential time on backtracking engines; use a character class such as '[ab]*'");
            }
            return atom.shape().and(new Shape(true, false));
        }

        private Atom atom() {
            int start = index;
            char c = pattern.charAt(index++);
            switch (c) {
                case '(':
                    return new Atom(group(start), false);
                case '[':
                    characterClass(start);
                    return new Atom(Shape.PLAIN, false);
                case '\\':
                    escape(start);
                    return new Atom(Shape.PLAIN, false);
                case '^':
                case '$':
                    return new Atom(Shape.PLAIN, true);
                default:
                    if (isQuantifierStart(c)) {
                        throw new Refusal(start, "quantifier '" + c + "' has nothing to repeat");
                    }
                    return new Atom(Shape.PLAIN, false);
            }
        }

        private Shape group(int start) {
            if (peek() == '?') {
                groupPrefix(start);
            }
            Shape inner = alternation();
            index++; // the ')' that java.util.regex guarantees
            return inner;
        }

        /** Only {@code (?:} is portable; every other {@code (?…} construct is refused by name. */
        private void groupPrefix(int start) {
            char kind = charAt(index + 1);
            char next = charAt(index + 2);
            if (kind == ':') {
                index += 2;
            } else if (kind == '=' || kind == '!') {
                throw new Refusal(start, "lookahead '(?" + kind + "' is not allowed");
            } else if (kind == '<' && (next == '=' || next == '!')) {
                throw new Refusal(start, "lookbehind '(?<" + next + "' is not allowed");
            } else if (kind == '<') {
                throw new Refusal(start, "named groups '(?<name>…)' are not allowed; use '(' or '(?:'");
            } else if (kind == '>') {
                throw new Refusal(start, "atomic groups '(?>…)' are not allowed");
            } else {
                throw new Refusal(start, "inline flags such as '(?i)' are not allowed; matching is always case-insensitive");
            }
        }

        /** Returns whether the quantifier allows more than one repetition. */
        private boolean quantifier() {
            int start = index;
            char c = pattern.charAt(index++);
            int max;
            if (c == '{') {
                int min = repetitionCount(start);
                max = min;
                if (peek() == ',') {
                    index++;
                    max = peek() == '}' ? Integer.MAX_VALUE : repetitionCount(start);
                }
                index++; // the '}'
            } else {
                max = c == '?' ? 1 : Integer.MAX_VALUE;
            }
            String written = pattern.substring(start, index);
            if (peek() == '?') {
                throw new Refusal(index, "lazy quantifier '" + written + "?' is not allowed; it cannot change whether"
                        + " a value matches, so write '" + written + "'");
            }
            if (peek() == '+') {
                throw new Refusal(index, "possessive quantifier '" + written + "+' is not allowed");
            }
            if (isQuantifierStart(peek())) {
                throw new Refusal(index, "a quantifier cannot follow another quantifier; put the inner one in a group");
            }
            return max > 1;
        }

        private int repetitionCount(int quantifierStart) {
            int start = index;
            while (peek() >= '0' && peek() <= '9') {
                index++;
            }
            String digits = pattern.substring(start, index);
            if (digits.length() > 3 || Integer.parseInt(digits) > MAX_REPETITION) {
                throw new Refusal(quantifierStart, "repetition count " + digits + " is above the limit of " + MAX_REPETITION);
            }
            return Integer.parseInt(digits);
        }

        private void characterClass(int start) {
            if (peek() == '^') {
                index++;
            }
            if (peek() == ']') {
                throw new Refusal(index, "a ']' first in a character class is read differently by each engine;"
                        + " escape it as '\\]'");
            }
            while (peek() != ']') {
                boolean isClassEscape = classMember();
                if (peek() == '-' && charAt(index + 1) != ']') {
                    int dash = index++;
                    if (isClassEscape || classMember()) {
                        throw new Refusal(dash, "a range cannot start or end with a class escape such as '\\d'");
                    }
                }
            }
            index++; // the ']'
        }

        /** Reads one member of a character class; returns whether it was a class escape such as {@code \d}. */
        private boolean classMember() {
            int start = index;
            char c = pattern.charAt(index++);
            if (c == '[') {
                throw new Refusal(start, "'[' inside a character class (a nested or POSIX class) is not portable;"
                        + " escape it as '\\['");
            }
            if (c == '&' && peek() == '&') {
                throw new Refusal(start, "class intersection '&&' is not allowed");
            }
            return c == '\\' && escape(start);
        }

        /** Reads the character after a backslash; returns whether it was a class escape such as {@code \d}. */
        private boolean escape(int start) {
            char c = pattern.charAt(index++);
            if (CLASS_ESCAPES.indexOf(c) >= 0) {
                return true;
            }
            if (isAsciiPunctuation(c)) {
                return false;
            }
            throw new Refusal(start, switch (c) {
                case '0' -> "octal escapes such as '\\0' are not allowed";
                case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "backreferences such as '\\" + c + "' are not allowed";
                case 'Q', 'E' -> "quoting with '\\Q…\\E' is not allowed; put '\\' before each special character instead";
                case 'p', 'P' -> "unicode classes such as '\\" + c + "{L}' are not allowed";
                case 'b', 'B' -> "word boundaries '\\" + c + "' are not portable (PostgreSQL reads '\\b' as a backspace)";
                default -> "escape '\\" + c + "' is not allowed; allowed escapes are \\d \\w \\s \\D \\W \\S"
                        + " and '\\' before a punctuation character";
            });
        }

        private static boolean isQuantifierStart(char c) {
            return c == '*' || c == '+' || c == '?' || c == '{';
        }

        private static boolean isAsciiPunctuation(char c) {
            return c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c);
        }

        private char peek() {
            return charAt(index);
        }

        private char charAt(int at) {
            return at < pattern.length() ? pattern.charAt(at) : END;
        }
    }
}

package org.imagerepo.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line of the shell split into words as a POSIX shell would (blanks separate; {@code '…'} literal; {@code "…"} and
 * a backslash escape; {@code #} at a word's start begins a comment), with {@code $NAME} and {@code ${NAME}} replaced
 * by the shell's variables outside single quotes. The same rules for typed lines, piped lines and loaded scripts.
 */
final class ShellLine {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellLine() {
    }

    /** The line's words, variables replaced. */
    static List<String> words(String line, Map<String, String> variables) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (word == null && Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (word == null && c == '#') {
                break; // a comment to the end of the line
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (Character.isWhitespace(c)) {
                words.add(word.toString());
                word = null;
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a quote (') is not closed");
                }
                word.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "\"\\$".indexOf(line.charAt(i + 1)) >= 0) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '$') {
                        i = variable(line, i, variables, word);
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("a quote (\") is not closed");
                }
            } else if (c == '\\') {
                if (i + 1 < n) {
                    word.append(line.charAt(i + 1));
                }
                i += 2;
            } else if (c == '$') {
                i = variable(line, i, variables, word);
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the value of the variable at {@code at} ({@code $NAME} or {@code ${NAME}}); the index after it. */
    private static int variable(String line, int at, Map<String, String> variables, StringBuilder word) {
        boolean braced = at + 1 < line.length() && line.charAt(at + 1) == '{';
        int start = at + (braced ? 2 : 1);
        Matcher m = NAME.matcher(line).region(start, line.length());
        if (!m.lookingAt()) {
            word.append('$'); // a lone $ is itself
            return at + 1;
        }
        String name = m.group();
        int end = m.end();
        if (braced) {
            if (end >= line.length() || line.charAt(end) != '}') {
                throw new IllegalArgumentException("${" + name + " is not closed with }");
            }
            end++;
        }
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalArgumentException("$" + name + " is not set (set it with: let " + name + " = COMMAND ...)");
        }
        word.append(value);
        return end;
    }

    /** {@code word} written so that {@link #words} reads it back as it is. */
    static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * {@code word} written so that {@link #words} reads it back, with each occurrence of a key of {@code references}
     * (a value a command printed, such as a new image's id) written as a reference to the variable its value names.
     */
    static String quote(String word, Map<String, String> references) {
        for (Map.Entry<String, String> ref : references.entrySet()) {
            int at = word.indexOf(ref.getKey());
            if (at >= 0) {
                // Quoted parts and ${…} next to each other are one word.
                String before = word.substring(0, at);
                String after = word.substring(at + ref.getKey().length());
                return (before.isEmpty() ? "" : quote(before)) + "${" + ref.getValue() + "}"
                        + (after.isEmpty() ? "" : quote(after, references));
            }
        }
        return quote(word);
    }
}

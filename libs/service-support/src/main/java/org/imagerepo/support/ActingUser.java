package org.imagerepo.support;

/**
 * Who is acting. Until authentication lands (see the security issue) the gateway passes on the user a
 * client names in this header: the stack is NOT secured yet, and the README says so.
 */
public final class ActingUser {

    public static final String HEADER = "X-Imagerepo-User";

    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private ActingUser() {
    }

    /** @return the user named by the header value, checked for a sane shape */
    public static String require(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            throw ProblemException.unauthorized("No acting user: send the " + HEADER + " header (the CLI sends --user).");
        }
        if (!VALID.matcher(headerValue).matches()) {
            throw ProblemException.badRequest("invalid-user",
                    "Invalid user name '" + headerValue + "': use 1-64 letters, digits, '.', '_', '@' or '-'.");
        }
        return headerValue;
    }
}

package org.imagerepo.support;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Says which part of a request body had the wrong JSON shape, and what was expected there. */
final class JsonShapes {

    /** Names the token in Jackson's message: "... from Array value (token `JsonToken.START_ARRAY`)". */
    private static final Pattern TOKEN = Pattern.compile("\\(token `JsonToken\\.([A-Z_]+)`\\)");

    private JsonShapes() {
    }

    /**
     * "The request body must be a JSON object, not an array.", "Field 'size' must be a number, not a string."; null
     * when the exception does not tell what was expected, or the two read alike (a word that is no enum constant).
     */
    static String mismatch(MismatchedInputException e) {
        String expected = expected(e.getTargetType());
        String found = found(e);
        if (expected == null || expected.equals(found)) {
            return null;
        }
        String where = e.getPath().isEmpty() ? "The request body" : "Field '" + path(e.getPath()) + "'";
        return where + " must be " + expected + (found == null ? "." : ", not " + found + ".");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a JSON object";
    }

    /** What was sent instead. The parser has moved on by now: the value, or the token Jackson's message names. */
    private static String found(MismatchedInputException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getValue() != null) {
            Object value = invalid.getValue();
            return value instanceof String ? "a string" : value instanceof Number ? "a number"
                    : value instanceof Boolean ? "true or false" : null;
        }
        Matcher token = TOKEN.matcher(String.valueOf(e.getOriginalMessage()));
        if (!token.find()) {
            return null;
        }
        return switch (token.group(1)) {
            case "START_ARRAY" -> "an array";
            case "START_OBJECT" -> "an object";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
            case "VALUE_NULL" -> "null";
            default -> null;
        };
    }

    /** {@code tags[0]}, {@code owner.name}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

package org.imagerepo.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind { SMALL, LARGE }

    record Upload(long size, List<String> tags, Kind kind) {
    }

    private static String mismatchReading(String json, Class<?> type) {
        return JsonShapes.mismatch(assertThrows(MismatchedInputException.class, () -> JSON.readValue(json, type)));
    }

    @Test
    void anArrayWhereAnObjectIsExpectedIsNamedAsSuch() {
        assertEquals("The request body must be a JSON object, not an array.", mismatchReading("[]", Map.class));
        assertEquals("The request body must be a JSON object, not an array.",
                mismatchReading("[{\"size\": 1}]", Upload.class));
        assertEquals("The request body must be a JSON array, not an object.",
                JsonShapes.mismatch(assertThrows(MismatchedInputException.class,
                        () -> JSON.readValue("{}", new TypeReference<List<String>>() { }))));
    }

    @Test
    void aWordThatIsNoConstantIsLeftToJacksonsMessageWhichListsThem() {
        assertNull(mismatchReading("{\"kind\": \"huge\"}", Upload.class));
    }

    @Test
    void aFieldOfTheWrongShapeIsNamedWithItsPath() {
        assertEquals("Field 'size' must be a number, not a string.", mismatchReading("{\"size\": \"big\"}", Upload.class));
        assertEquals("Field 'tags[0]' must be a string, not an object.",
                mismatchReading("{\"tags\": [{}]}", Upload.class));
    }
}

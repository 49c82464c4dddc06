package org.imagerepo.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void conditionBuiltInCodeIsHeldToTheSameRegexPolicy() {
        QueryException error = assertThrows(QueryException.class, () -> new Condition("os", "(a+)+"));
        assertEquals(-1, error.position());
        assertEquals("Regular expression not allowed for 'os': the repeated group already contains a quantifier; "
                + "nested quantifiers, as in '(a+)+', take exponential time on backtracking engines", error.getMessage());
    }

    @Test
    void conditionBuiltInCodeCannotHaveAnEmptyPattern() {
        assertEquals("Empty value for 'os': use .* to match anything",
                assertThrows(QueryException.class, () -> new Condition("os", "")).getMessage());
    }

    @Test
    void queryCopiesItsListsSoLaterChangesDoNotLeakIn() {
        List<String> fields = new ArrayList<>(List.of("name"));
        Query query = new Query(fields, List.of());
        fields.add("os");
        assertEquals(List.of("name"), query.fields());
    }
}

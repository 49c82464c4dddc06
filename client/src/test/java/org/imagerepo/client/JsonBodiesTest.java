package org.imagerepo.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How list answers of any of the shapes the services use become a {@link Page}, and what an unreadable one is. */
class JsonBodiesTest {

    private static final String RULE = "{\"name\":\"quota\",\"enabled\":true}";

    @Test
    void rowsUnderItemsAndTheirNumberUnderCountMakeAPage() {
        Page<Rule> page = JsonBodies.readPage(CannedResponse.of(200,
                "{\"count\":7,\"limit\":\"x\",\"offset\":2,\"items\":[" + RULE + "]}"), Rule.class, "rules");

        assertEquals(7, page.total());
        assertNull(page.limit(), "a limit that is not a number is left out");
        assertEquals(2, page.offset());
        assertEquals(List.of("quota"), page.items().stream().map(Rule::name).toList());
    }

    @Test
    void aBareArrayIsAPageOfAllItsRows() {
        Page<Rule> page = JsonBodies.readPage(CannedResponse.of(200, "[" + RULE + "," + RULE + "]"),
                Rule.class, "rules");

        assertEquals(2, page.total());
        assertNull(page.limit());
        assertNull(page.offset());
    }

    @Test
    void anAnswerWithoutTheListOrWithoutJsonIsUnreadable() {
        ImageRepoException noList = assertThrows(ImageRepoException.class,
                () -> JsonBodies.readPage(CannedResponse.of(200, "{\"rule\":" + RULE + "}"), Rule.class, "rules"));
        ImageRepoException notJson = assertThrows(ImageRepoException.class,
                () -> JsonBodies.read(CannedResponse.of(200, "<html>"), Rule.class));

        assertEquals(ImageRepoException.Kind.IO, noList.kind());
        assertEquals("unreadable answer from imagerepo to GET /api/v1/images/abc: expected a list of rules",
                noList.getMessage());
        assertEquals(ImageRepoException.Kind.IO, notJson.kind());
        assertTrue(notJson.getMessage().startsWith("unreadable answer from imagerepo to GET /api/v1/images/abc: "),
                notJson.getMessage());
    }
}

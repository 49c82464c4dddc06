package org.imagerepo.perf.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loader's data and the benchmark's queries, checked on 20,000 images in memory (no server). */
class SyntheticTest {

    private static final int N = 20_000;

    @Test
    void imagesAreTheSameOnEveryRunAndSpreadAsDocumented() {
        assertEquals(Synthetic.image(123), Synthetic.image(123));
        Map<String, Integer> owners = new HashMap<>();
        int publicImages = 0;
        int sharedUsers = 0;
        int sharedGroups = 0;
        int hadoop = 0;
        int redhat = 0;
        for (int n = 0; n < N; n++) {
            Synthetic.Image i = Synthetic.image(n);
            owners.merge(i.owner(), 1, Integer::sum);
            publicImages += i.permission().equals("public") ? 1 : 0;
            sharedUsers += i.sharedUsers().isEmpty() ? 0 : 1;
            sharedGroups += i.sharedGroups().isEmpty() ? 0 : 1;
            hadoop += i.tags().contains("hadoop") ? 1 : 0;
            redhat += i.os().startsWith("RedHat") ? 1 : 0;
            assertEquals(i.tags().size(), i.tags().stream().distinct().count(), "tags are a set");
            assertTrue(!i.sharedUsers().contains(i.owner()));
        }
        assertBetween(0.08, 0.14, owners.get(Synthetic.user(1)) / (double) N, "the heaviest owner");
        assertTrue(owners.size() > 2000, "many owners: " + owners.size());
        assertBetween(0.08, 0.12, publicImages / (double) N, "public");
        assertBetween(0.03, 0.07, sharedUsers / (double) N, "shared with users");
        assertBetween(0.03, 0.07, sharedGroups / (double) N, "shared with groups");
        assertBetween(0.08, 0.14, hadoop / (double) N, "tagged hadoop");
        assertBetween(0.08, 0.16, redhat / (double) N, "RedHat");
    }

    @Test
    void theNumberQuerySelectsExactlyOneImageAndTheAnchoredOneAHundred() {
        QuerySet.Entry one = QuerySet.of(N).stream().filter(e -> e.id().equals("unanchored-one")).findFirst().orElseThrow();
        QuerySet.Entry hundred = QuerySet.of(N).stream().filter(e -> e.id().equals("anchored-100")).findFirst().orElseThrow();
        Pattern description = pattern(one.query());
        Pattern name = pattern(hundred.query());
        int ones = 0;
        int hundreds = 0;
        for (int n = 0; n < N; n++) {
            Synthetic.Image i = Synthetic.image(n);
            ones += description.matcher(i.description()).find() ? 1 : 0;
            hundreds += name.matcher(i.name()).find() ? 1 : 0;
        }
        assertEquals(1, ones);
        assertEquals(100, hundreds);
    }

    @Test
    void rowsAreEscapedForCopyAndLoadData() {
        assertEquals("a\\tb\\\\c\\nd", Loader.field("a\tb\\c\nd"));
        assertEquals("\\N", Loader.field(null));
        Synthetic.Image i = Synthetic.image(7);
        String row = Loader.imageRow(i, true);
        assertEquals(20, row.split("\t", -1).length);
        assertTrue(row.contains("\t2024-01-01 00:07:00\t"), row);
        assertTrue(Loader.imageRow(i, false).contains("\t2024-01-01T00:07:00Z\t"));
        assertEquals(i.id(), Loader.document(i).getString("_id"));
    }

    @Test
    void theReportHasOneRowPerQueryAndOneColumnPerStoreAndVariant() {
        String md = Report.markdown(List.of(CatalogBench.CSV_HEADER,
                "postgres,after,1000,q1,\"* where a=\"\"b, c\"\"\",user,10,3,1.00,2.00,3.00,4.00",
                "mysql,after,1000,q1,\"* where a=\"\"b, c\"\"\",user,10,3,10.00,20.00,60.00,70.00"), "t");
        assertTrue(md.contains("| `* where a=\"b, c\"` | user | 1.00 / 3.00 (3) | 10.00 / 60.00 ✗ (3) |"), md);
    }

    private static Pattern pattern(String query) {
        return Pattern.compile(query.substring(query.indexOf('=') + 1), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static void assertBetween(double low, double high, double actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual);
    }
}

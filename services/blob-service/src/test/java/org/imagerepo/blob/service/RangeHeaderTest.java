package org.imagerepo.blob.service;

import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.support.errors.RangeNotSatisfiableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The single ranges of an HTTP Range header a download serves (RFC 9110 §14), against an image of 100 bytes. */
class RangeHeaderTest {

    private static final long SIZE = 100;

    @Test
    void aClosedRangeIsServedAsAsked() {
        assertEquals(new ByteRange(10, 19), RangeHeader.parse("bytes=10-19", SIZE));
    }

    @Test
    void anOpenRangeRunsToTheEnd() {
        assertEquals(new ByteRange(90, 99), RangeHeader.parse(" bytes = 90 - ", SIZE));
    }

    @Test
    void aRangePastTheEndIsCutAtTheEnd() {
        assertEquals(new ByteRange(50, 99), RangeHeader.parse("bytes=50-1000", SIZE));
    }

    @Test
    void aSuffixIsTheLastBytes() {
        assertEquals(new ByteRange(70, 99), RangeHeader.parse("bytes=-30", SIZE));
        assertEquals(new ByteRange(0, 99), RangeHeader.parse("bytes=-500", SIZE));
    }

    @Test
    void noHeaderOrOneNotUnderstoodServesTheWholeImage() {
        assertNull(RangeHeader.parse(null, SIZE));
        assertNull(RangeHeader.parse("bytes=0-9,20-29", SIZE));
        assertNull(RangeHeader.parse("items=0-9", SIZE));
        assertNull(RangeHeader.parse("bytes=-", SIZE));
        assertNull(RangeHeader.parse("bytes=20-10", SIZE));
        assertNull(RangeHeader.parse("bytes=99999999999999999999-", SIZE));
    }

    @Test
    void aRangeOutsideTheImageIsRefusedNamingItsSize() {
        for (String outside : new String[]{"bytes=100-", "bytes=-0"}) {
            RangeNotSatisfiableException e = assertThrows(RangeNotSatisfiableException.class,
                    () -> RangeHeader.parse(outside, SIZE), outside);
            assertEquals(SIZE, e.size());
            assertEquals("The requested range lies outside the image, which has 100 bytes.", e.getMessage());
        }
        assertThrows(RangeNotSatisfiableException.class, () -> RangeHeader.parse("bytes=-1", 0));
    }
}

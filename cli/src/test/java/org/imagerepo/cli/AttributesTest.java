package org.imagerepo.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AttributesTest {

    @Test
    void attributeStringOfTheOriginalSystemParses() {
        assertEquals(Map.of("os", "centos", "vmType", "kvm", "tag", List.of("t1", "t2")),
                Attributes.attributeString("os=centos&vmtype=kvm&tag=t1,t2"));
        assertEquals(Map.of(), Attributes.attributeString(""));
        assertEquals(Map.of("description", "a=b"), Attributes.attributeString("description=a=b&"));
    }

    @Test
    void keysAreCaseInsensitiveAndAcceptTheOriginalSpellings() {
        assertEquals("vmType", Attributes.canonical("VMTYPE"));
        assertEquals("imgType", Attributes.canonical("img-type"));
        assertEquals("diskFormat", Attributes.canonical("disk_format"));
        assertEquals("tag", Attributes.canonical("tags"));
        assertNull(Attributes.canonical("colour"));
    }

    @Test
    void assignmentSplitsAtTheFirstEqualsSignAndListsTags() {
        assertEquals(Map.entry("tag", List.of("a", "b")), Attributes.assignment("tag= a, b,"));
        assertEquals(Map.entry("tag", List.of()), Attributes.assignment("tag="));
        assertEquals(Map.entry("description", "x=y"), Attributes.assignment("description=x=y"));
        assertEquals(Map.entry("owner", "bob"), Attributes.assignment("owner=bob"), "unknown keys are kept for the server to judge");
    }

    @Test
    void malformedAssignmentsAreRejected() {
        assertEquals("expected key=value but got 'os'",
                assertThrows(IllegalArgumentException.class, () -> Attributes.assignment("os")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Attributes.assignment("=x"));
    }
}

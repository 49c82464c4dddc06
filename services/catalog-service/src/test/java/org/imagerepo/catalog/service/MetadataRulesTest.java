package org.imagerepo.catalog.service;

import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's validation of user-supplied metadata, on register ({@code creating}) and on modify. */
class MetadataRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final MetadataRules rules = new MetadataRules();

    @Test
    void aNewImageHasTheOriginalSystemsDefaults() {
        ImageEntity image = rules.newImage("img-1", "alice", NOW);
        assertEquals(List.of("img-1", "alice", "unnamed", "none", "machine", "private", "pending", "x86_64", "raw"),
                List.of(image.id, image.owner, image.name, image.vmType, image.imgType, image.permission, image.status,
                        image.arch, image.diskFormat));
        assertEquals(NOW, image.createdDate);
    }

    @Test
    void applyAnswersOnlyTheFieldsThatChangedWithTheirNewValues() {
        ImageEntity image = pending();
        Map<String, Object> applied = rules.apply(image, ordered("os", "ubuntu", "vmType", "none", "name", "web"), false,
                false);
        assertEquals(ordered("os", "ubuntu", "name", "web"), applied);
        assertEquals("ubuntu", image.os);
        assertEquals("web", image.name);
    }

    @Test
    void aRequestWithOneBadFieldChangesNothing() {
        ImageEntity image = pending();
        InvalidRequestException e = refused(image, ordered("os", "ubuntu", "vmType", "hyper-v"), false);
        assertEquals("invalid-value", e.slug());
        assertNull(image.os);
    }

    @Test
    void anUnknownFieldIsRefusedNamingTheEditableOnes() {
        InvalidRequestException e = refused(pending(), Map.of("colour", "red"), false);
        assertEquals("unknown-field", e.slug());
        assertEquals("Unknown field 'colour'. Editable fields: name, os, description, tag, vmType, imgType, permission, "
                + "imgStatus, arch, diskFormat.", e.getMessage());
    }

    @Test
    void systemFieldsCannotBeGivenOrModified() {
        InvalidRequestException owner = refused(pending(), Map.of("owner", "mallory"), false);
        assertEquals("system-field", owner.slug());
        assertTrue(owner.getMessage().startsWith("'owner' is set by the system and cannot be modified."), owner.getMessage());
        InvalidRequestException status = refused(pending(), Map.of("imgStatus", "available"), true);
        assertEquals("system-field", status.slug());
        assertTrue(status.getMessage().startsWith("'imgStatus' is set by the system and cannot be given."),
                status.getMessage());
    }

    @Test
    void enumeratedValuesAreReadInAnyCaseAndKeptInLowerCase() {
        ImageEntity image = pending();
        rules.apply(image, Map.of("vmType", " KVM ", "imgType", "OpenStack", "permission", "Public", "diskFormat", "QCOW2"),
                false, false);
        assertEquals(List.of("kvm", "openstack", "public", "qcow2"),
                List.of(image.vmType, image.imgType, image.permission, image.diskFormat));
    }

    @Test
    void anUnknownEnumeratedValueIsRefusedNamingTheAllowedOnes() {
        InvalidRequestException e = refused(pending(), Map.of("permission", "friends"), false);
        assertEquals("invalid-value", e.slug());
        assertEquals("Invalid permission 'friends': must be one of private, public.", e.getMessage());
    }

    @Test
    void anEmptyNameBecomesUnnamed() {
        ImageEntity image = pending();
        image.name = "web";
        rules.apply(image, Map.of("name", "  "), false, false);
        assertEquals("unnamed", image.name);
    }

    @Test
    void requiredFieldsCannotBeEmptyOrNull() {
        assertEquals("'vmType' cannot be empty.", refused(pending(), Map.of("vmType", " "), false).getMessage());
        assertEquals("'name' cannot be null.", refused(pending(), nullValued("name"), false).getMessage());
    }

    @Test
    void optionalTextMayBeClearedWithNull() {
        ImageEntity image = pending();
        image.os = "ubuntu";
        rules.apply(image, nullValued("os"), false, false);
        assertNull(image.os);
    }

    @Test
    void textMustBeAStringOfBoundedLengthWithoutControlCharacters() {
        assertEquals("'os' must be a string.", refused(pending(), Map.of("os", 22), false).getMessage());
        assertEquals("'name' is 256 characters long; at most 255 allowed.",
                refused(pending(), Map.of("name", "n".repeat(256)), false).getMessage());
        assertEquals("'name' contains control characters.",
                refused(pending(), Map.of("name", "two\nlines"), false).getMessage());
    }

    @Test
    void aDescriptionMaySpanLines() {
        ImageEntity image = pending();
        rules.apply(image, Map.of("description", "line one\nline two"), false, false);
        assertEquals("line one\nline two", image.description);
    }

    @Test
    void tagsComeAsAListOrACommaSeparatedStringTrimmedWithoutRepeats() {
        ImageEntity fromText = pending();
        rules.apply(fromText, Map.of("tag", "hadoop, spark,,hadoop "), false, false);
        assertEquals(List.of("hadoop", "spark"), fromText.tags);
        ImageEntity fromList = pending();
        rules.apply(fromList, Map.of("tag", List.of(" hadoop", "spark", "")), false, false);
        assertEquals(List.of("hadoop", "spark"), fromList.tags);
    }

    @Test
    void tagsAreBoundedInNumberLengthAndCharacters() {
        List<String> tooMany = IntStream.rangeClosed(1, MetadataRules.MAX_TAGS + 1).mapToObj(i -> "t" + i).toList();
        assertEquals("At most 32 tags per image.", refused(pending(), Map.of("tag", tooMany), false).getMessage());
        assertEquals("Invalid tag '" + "t".repeat(65) + "': at most 64 characters, no commas or control characters.",
                refused(pending(), Map.of("tag", List.of("t".repeat(65))), false).getMessage());
        assertEquals("every tag must be a string.", refused(pending(), Map.of("tag", List.of(1)), false).getMessage());
        assertEquals("'tag' must be a list of strings or a comma-separated string.",
                refused(pending(), Map.of("tag", 7), false).getMessage());
    }

    @Test
    void archIsAShortWord() {
        ImageEntity image = pending();
        rules.apply(image, Map.of("arch", "aarch64"), false, false);
        assertEquals("aarch64", image.arch);
        assertEquals("Invalid arch 'arm 64': use 1-32 letters, digits, '_', '.' or '-' (e.g. x86_64, aarch64).",
                refused(pending(), Map.of("arch", "arm 64"), false).getMessage());
    }

    @Test
    void aStatusWithBytesMovesBetweenAvailableAndLocked() {
        ImageEntity image = pending();
        image.status = "available";
        assertEquals(Map.of("imgStatus", "locked"), rules.apply(image, Map.of("imgStatus", "Locked"), false, false));
        assertEquals("locked", image.status);
    }

    @Test
    void theStatusOfAnImageWithoutBytesCannotBeChanged() {
        ConflictException e = assertThrows(ConflictException.class,
                () -> rules.apply(pending(), Map.of("imgStatus", "locked"), false, false));
        assertEquals("no-bytes", e.slug());
        assertEquals("Image img-1 is pending: its status can be changed only once its bytes are uploaded.", e.getMessage());
    }

    @Test
    void onlyAnAdminMayMarkAnImageFailedAndNobodyPending() {
        ImageEntity image = pending();
        image.status = "available";
        assertEquals("invalid-value", refused(image, Map.of("imgStatus", "failed"), false).slug());
        assertEquals("invalid-value", refused(image, Map.of("imgStatus", "pending"), false).slug());
        rules.apply(image, Map.of("imgStatus", "failed"), false, true);
        assertEquals("failed", image.status);
    }

    private ImageEntity pending() {
        return rules.newImage("img-1", "alice", NOW);
    }

    private InvalidRequestException refused(ImageEntity image, Map<String, Object> changes, boolean creating) {
        return assertThrows(InvalidRequestException.class, () -> rules.apply(image, changes, creating, false));
    }

    /** Changes in the order given: the answer keeps the request's order. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            changes.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return changes;
    }

    private static Map<String, Object> nullValued(String field) {
        Map<String, Object> changes = new HashMap<>();
        changes.put(field, null);
        return changes;
    }
}

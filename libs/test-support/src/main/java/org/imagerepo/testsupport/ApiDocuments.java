package org.imagerepo.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked-in OpenAPI documents live: {@code docs/api/} at the repository's root (ADR 20). */
public final class ApiDocuments {

    private ApiDocuments() {
    }

    /** {@code docs/api} of the repository the tests run in (found above the working directory). */
    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/adr"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (docs/adr) above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs/api");
    }
}

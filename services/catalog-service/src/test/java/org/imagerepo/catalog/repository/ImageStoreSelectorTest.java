package org.imagerepo.catalog.repository;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A metadata-store name that is none of ours stops the start, naming the ones there are. */
class ImageStoreSelectorTest {

    @Test
    void anUnknownStoreIsRefusedWithTheAllowedNames() {
        ImageStoreSelector selector = new ImageStoreSelector();
        selector.store = "oracle";
        String message = assertThrows(IllegalStateException.class, selector::imageStore).getMessage();
        assertTrue(message.contains("'oracle'") && message.contains("h2, postgresql, mariadb, mongodb")
                && message.contains("IMAGEREPO_CATALOG_METADATA_STORE"), message);
    }
}

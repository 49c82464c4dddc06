package org.imagerepo.e2e;

import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * Every test of the walking skeleton again, with the gateway in proxy mode (ADR 16): image bytes stream through
 * it, as at a site that cannot expose blob-service.
 */
class WalkingSkeletonProxyIT extends WalkingSkeletonIT {

    /** Hides the skeleton's own start: the same stack, its gateway in proxy mode. */
    @BeforeAll
    static void up() {
        direct = false;
        Stack.stack("down");
        Stack.Result up = Stack.stackWith(Map.of("IMAGEREPO_GATEWAY_DATA_PATH", "proxy"), "up").ok();
        System.out.printf("[e2e] bin/stack up (proxy data path) took %d s%n", up.took().toSeconds());
    }
}

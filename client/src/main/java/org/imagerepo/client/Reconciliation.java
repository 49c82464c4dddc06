package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/usage/reconciliation}: the users whose recorded usage differs from what the
 * catalog says they own.
 *
 * @param checkedUsers how many users were compared
 * @param repaired     how many users' records were corrected (0 when only checked)
 * @param drift        the users whose records differed (before any repair)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"checkedUsers", "repaired", "drift"})
public record Reconciliation(long checkedUsers, long repaired, List<Drift> drift) {

    public Reconciliation {
        drift = drift == null ? List.of() : List.copyOf(drift);
    }

    /**
     * One user's difference.
     *
     * @param username       the user
     * @param recordedBytes  the usage accounting had recorded
     * @param actualBytes    the bytes of the available images the catalog says they own
     * @param recordedImages the image count accounting had recorded
     * @param actualImages   the number of images the catalog says they own
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"username", "recordedBytes", "actualBytes", "recordedImages", "actualImages"})
    public record Drift(String username, long recordedBytes, long actualBytes, long recordedImages,
                        long actualImages) {
    }
}

package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A copy of an image's bytes made in another store; blob-service checked that the copy's SHA-256 equals
 * the image's before answering.
 *
 * @param imgId    the image
 * @param store    the store now holding the copy, e.g. {@code s3}
 * @param location where in that store
 * @param size     bytes copied
 * @param sha256   SHA-256 of the copy (lower-case hex)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CopyResult(String imgId, String store, String location, long size, String sha256) {
}

package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The server's answer to an upload; the client has already checked that {@code sha256} equals the SHA-256 of
 * the bytes it sent.
 *
 * @param imgId  the image
 * @param size   bytes stored
 * @param sha256 SHA-256 of the stored bytes (lower-case hex)
 * @param md5    MD5 of the stored bytes (lower-case hex)
 * @param imgURI where the bytes are stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadResult(String imgId, long size, String sha256, String md5, String imgURI) {
}

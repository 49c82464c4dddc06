package org.imagerepo.blob.service;

/** What the client is told when its upload is stored. */
public record UploadResult(String imgId, long size, String sha256, String md5, String imgURI) {
}

package org.imagerepo.blob.service;

/** The answer to a copy: where the new copy is, and what was checked. */
public record CopyResult(String imgId, String store, String location, long size, String sha256) {
}

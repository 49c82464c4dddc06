package org.imagerepo.blob.storage;

/** The result of a completed {@link BlobStore#put}. */
public record StoredObject(String location, long size) {
}

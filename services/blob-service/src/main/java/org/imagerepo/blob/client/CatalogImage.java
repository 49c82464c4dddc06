package org.imagerepo.blob.client;

/** What blob-service needs to know of an image's catalog entry. */
public record CatalogImage(String imgId, String name, String owner, String imgStatus, String imgURI, Long size,
                           String sha256) {

    public boolean hasBytes() {
        return "available".equals(imgStatus) || "locked".equals(imgStatus);
    }

    public boolean awaitsBytes() {
        return "pending".equals(imgStatus) || "failed".equals(imgStatus);
    }
}

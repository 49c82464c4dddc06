package org.imagerepo.blob.storage;

import java.time.Instant;

public record ObjectStat(String location, long size, Instant lastModified) {
}

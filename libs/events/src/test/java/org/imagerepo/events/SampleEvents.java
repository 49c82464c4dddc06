package org.imagerepo.events;

import java.util.List;
import java.util.Map;

/** One event of every type, with values that exercise the wire format (the tests check that none is missing). */
final class SampleEvents {

    private SampleEvents() {
    }

    static List<RepositoryEvent> oneOfEachType() {
        return List.of(
                ImageRegistered.of("alice", "id-1", "alice", "ubuntu", "private"),
                ImageUpdated.of("alice", "id-1", "alice", Map.of("os", "ubuntu", "tag", List.of("a", "b"))),
                ImageDeleted.of("admin", "id-1", "alice", List.of("fs:///ab/id-1"), 42),
                BlobStored.of("alice", "id-1", "fs:///ab/id-1", 42, "sha", "md5"),
                BlobFailed.of("alice", "id-1", "client went away", 7),
                ImageAccessed.of("bob", "id-1", 42, true),
                UserRegistered.of("carol", "carol", "user", "pending", 8_589_934_592L),
                // Quota beyond an int, so JSON gives it back as the Long it was (a consumer reads a Number).
                UserUpdated.of("root", "carol", Map.of("status", "activated", "quota", 10_737_418_240L),
                        "user", "activated", 10_737_418_240L),
                UserRemoved.of("root", "carol"),
                UsageChanged.of("accounting", "carol", 3_000_000_000L, 42, 2, 10_737_418_240L),
                BlobRemoved.of("triggers", "id-1", "s3:///images/id-1"),
                UserNotified.of("triggers", "carol", "quota", "Over quota", "Usage 3 GB is over the quota of 2 GB."),
                ImageStaged.of("triggers", "r-1", "id-1", "s3", "s3:///images/id-1"),
                ImageStagingFailed.of("triggers", "r-1", "id-1", "s3", "no such image"),
                StagedCopyRemoved.of("triggers", "r-1", "id-1", "s3", "s3:///images/id-1"),
                ImageGenerationRequested.of("triggers", "r-1", "id-2", "s3", "no such image"));
    }
}

package org.imagerepo.perf;

import java.nio.file.Path;

/**
 * What a run measures: our repository through its gateway ({@link OursSubject}) or the peer image service
 * ({@link GlanceSubject}), driven with the same files, the same clients and the same checks, so that their rows
 * are alike.
 */
interface Subject {

    /** Creates an image record (not timed); its id. */
    String register(String name, String description) throws Exception;

    /** Uploads {@code src}; returns once the image is available, its size and SHA-256 checked against the file's. */
    void upload(String id, Path src, long size, String sha) throws Exception;

    /** Downloads into {@code target}; fails on a short body or a SHA-256 other than the image's. */
    void download(String id, Path target, long size, String sha) throws Exception;

    void remove(String id) throws Exception;
}

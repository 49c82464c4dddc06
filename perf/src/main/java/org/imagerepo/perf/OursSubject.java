package org.imagerepo.perf;

import org.imagerepo.client.CachedTokenSource;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.Image;
import org.imagerepo.client.ImageRepoClient;
import org.imagerepo.client.Images;
import org.imagerepo.client.NewImage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Our repository through the gateway, with the Java client the CLI uses (signed in by {@code imagerepo login}). */
final class OursSubject implements Subject {

    private final Images images;
    private final Duration awaitTimeout;

    OursSubject(URI gateway, Path configDir, Duration awaitTimeout) {
        CredentialsStore store = configDir != null ? new CredentialsStore(configDir)
                : CredentialsStore.fromEnvironment(System.getenv());
        // A short poll so that awaitAvailable adds at most ~20 ms to the upload's time.
        this.images = ImageRepoClient.builder().baseUri(gateway)
                .tokens(new CachedTokenSource(gateway, store))
                .pollInterval(Duration.ofMillis(20))
                .build()
                .images();
        this.awaitTimeout = awaitTimeout;
    }

    @Override
    public String register(String name, String description) {
        return images.register(NewImage.builder().name(name).description(description).tag("perf").build()).imgId();
    }

    @Override
    public void upload(String id, Path src, long size, String sha) throws IOException {
        images.upload(id, src);
        Image done = images.awaitAvailable(id, awaitTimeout);
        if (done.sha256() == null || !done.sha256().equalsIgnoreCase(sha)) {
            throw new IOException("the catalog's sha256 " + done.sha256() + " differs from the file's " + sha);
        }
        if (done.size() != null && done.size() != size) {
            throw new IOException("the catalog's size " + done.size() + " differs from " + size);
        }
    }

    /** The client streams to a temporary file, checks the SHA-256 against the catalog's, renames it. */
    @Override
    public void download(String id, Path target, long size, String sha) throws IOException {
        images.download(id, target);
        long got = Files.size(target);
        if (got != size) {
            throw new IOException("downloaded " + got + " of " + size + " bytes");
        }
    }

    @Override
    public void remove(String id) {
        images.remove(id);
    }
}

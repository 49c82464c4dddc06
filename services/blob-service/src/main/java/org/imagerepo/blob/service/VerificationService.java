package org.imagerepo.blob.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.blob.client.CatalogClient;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.service.Verification.Copy;
import org.imagerepo.blob.service.Verification.Status;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.identity.Caller;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads every copy of an image's bytes back from its store and compares its size and SHA-256 with the
 * catalog's: the owner's (or an administrator's) way to know the copies are intact. The bytes stream
 * through one fixed buffer, whatever the image's size. Reading for verification is not a use of the
 * image: it publishes no ImageAccessed and takes no quota.
 */
@ApplicationScoped
public class VerificationService {

    private static final Logger LOG = Logger.getLogger(VerificationService.class);
    /** Memory per verification: one buffer, reused for every copy. */
    static final int BUFFER = 1 << 20;

    @Inject
    CatalogClient catalog;

    @Inject
    BlobStores stores;

    public Verification verify(String imageId, Caller caller) {
        // The catalog answers 404 for an image the caller may not see, as for one that does not exist.
        CatalogImage image = catalog.find(imageId, caller);
        if (!image.owner().equals(caller.username()) && !caller.isAdmin()) {
            throw new ForbiddenException("Only the owner (" + image.owner() + ") or an administrator can verify"
                    + " image " + imageId + ".");
        }
        if (!image.hasBytes() || image.locations().isEmpty()) {
            throw new ConflictException("no-bytes", "Image " + imageId + " is " + image.imgStatus()
                    + " and has no stored bytes to verify: " + (image.uploadFailed()
                    ? "its upload failed; its owner can upload the file again, then verify it."
                    : image.hasBytes() ? "the catalog lists no copy of them; tell an administrator."
                    : "its owner can upload the file (PUT /api/v1/images/" + imageId + "/file), then verify it."));
        }
        byte[] buffer = new byte[BUFFER];
        List<Copy> measured = new ArrayList<>();
        for (String location : image.locations()) {
            measured.add(check(image, location, buffer));
        }
        Optional<String> intact = measured.stream().filter(c -> c.status() == Status.OK).map(Copy::location).findFirst();
        List<Copy> copies = measured.stream().map(c -> withAdvice(image, c, intact)).toList();
        copies.stream().filter(c -> c.status() != Status.OK).forEach(c -> LOG.warnf("verifying image %s: %s is %s: %s",
                imageId, c.location(), c.status().value(), c.message()));
        return Verification.of(imageId, image.size(), image.sha256(), copies);
    }

    /** Reads one copy to its end; never throws for what a store says of it: every outcome is a status. */
    private Copy check(CatalogImage image, String location, byte[] buffer) {
        String kind = BlobStores.kindOf(location);
        BlobStore store = stores.forLocation(location).orElse(null);
        if (store == null) {
            return new Copy(location, kind, Status.UNAVAILABLE, null, null, "This copy is in the '" + kind
                    + "' store, which this blob-service is not configured with (its stores are " + stores.kinds()
                    + "), so it cannot be read here; tell an administrator.");
        }
        MessageDigest sha256 = sha256();
        long count = 0;
        try (InputStream in = store.open(location, null)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha256.update(buffer, 0, n);
                count += n;
            }
        } catch (ObjectNotFoundException e) {
            return new Copy(location, kind, Status.MISSING, null, null, "The '" + kind + "' store has nothing at "
                    + location + " (" + e.getMessage() + ").");
        } catch (StorageUnavailableException | IOException e) {
            return new Copy(location, kind, Status.UNAVAILABLE, null, null, "The '" + kind + "' image store is "
                    + "unavailable (" + e.getMessage() + ")" + (count > 0 ? " after " + count + " bytes" : "")
                    + "; this copy was not verified. Verify again later.");
        } catch (StorageException e) {
            // The plugin refuses the location itself (malformed, not its own): no retry will help.
            return new Copy(location, kind, Status.UNAVAILABLE, null, null, "The '" + kind + "' store cannot read "
                    + location + " (" + e.getMessage() + "); tell an administrator.");
        }
        String sha = HexFormat.of().formatHex(sha256.digest());
        if (image.size() == null || image.sha256() == null) {
            return new Copy(location, kind, Status.MISMATCH, count, sha, "The catalog records no "
                    + (image.sha256() == null ? "SHA-256" : "size") + " for image " + image.imgId()
                    + ", so this copy cannot be checked against it; tell an administrator.");
        }
        if (count == image.size() && sha.equals(image.sha256())) {
            return new Copy(location, kind, Status.OK, count, sha, null);
        }
        return new Copy(location, kind, Status.MISMATCH, count, sha, "This copy has " + count + " bytes with SHA-256 "
                + sha + "; the catalog recorded " + image.size() + " bytes with SHA-256 " + image.sha256()
                + (count == image.size() ? " (same size, different bytes)" : "") + ": the copy is damaged.");
    }

    /** What the owner can do about a missing or damaged copy: replace it from an intact one, if there is one. */
    private static Copy withAdvice(CatalogImage image, Copy copy, Optional<String> intact) {
        boolean replaceable = copy.status() == Status.MISSING
                || copy.status() == Status.MISMATCH && image.size() != null && image.sha256() != null;
        if (!replaceable) {
            return copy;
        }
        String advice = intact.map(good -> " The copy at " + good + " is intact: remove this one (DELETE /api/v1/images/"
                        + image.imgId() + "/locations?uri=" + copy.location() + ") and copy the image into the '"
                        + copy.store() + "' store again (POST /api/v1/images/" + image.imgId() + "/locations {\"store\": \""
                        + copy.store() + "\"}).")
                .orElse(" No copy of image " + image.imgId() + " is intact: tell an administrator; the image may"
                        + " have to be uploaded again.");
        return new Copy(copy.location(), copy.store(), copy.status(), copy.size(), copy.sha256(),
                copy.message() + advice);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

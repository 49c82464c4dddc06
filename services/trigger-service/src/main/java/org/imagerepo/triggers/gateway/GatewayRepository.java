package org.imagerepo.triggers.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.client.Image;
import org.imagerepo.client.ImageRepoClient;
import org.imagerepo.client.ImageRepoException;
import org.imagerepo.client.NotFoundException;
import org.imagerepo.client.ServiceAccountTokenSource;
import org.imagerepo.client.Verification;
import org.imagerepo.triggers.config.TriggerConfig;
import org.imagerepo.triggers.port.CopyCheck;
import org.imagerepo.triggers.port.NoSuchImageException;
import org.imagerepo.triggers.port.Repository;
import org.imagerepo.triggers.port.RepositoryException;
import org.imagerepo.triggers.port.RepositoryImage;
import org.imagerepo.vocabulary.ImageStatus;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The repository through its gateway, signed in as the service's own Keycloak service account (client
 * credentials; ADR 10), with the same client library as every other program.
 */
@ApplicationScoped
public class GatewayRepository implements Repository {

    @Inject
    TriggerConfig config;

    private volatile ImageRepoClient client;

    @Override
    public Optional<RepositoryImage> find(String imageId) {
        try {
            return Optional.of(view(client().images().show(imageId)));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (ImageRepoException e) {
            throw failure("reading image " + imageId, e);
        }
    }

    @Override
    public List<RepositoryImage> page(int offset, int limit) {
        return call("listing the images", () -> client().images().list(limit, offset).asImages().stream()
                .map(GatewayRepository::view).toList());
    }

    @Override
    public String copy(String imageId, String store, Duration timeout) {
        return onImage(imageId, "copying image " + imageId + " to " + store,
                () -> client().images().copy(imageId, store, timeout).location());
    }

    @Override
    public void removeLocation(String imageId, String location) {
        onImage(imageId, "removing the copy " + location + " of image " + imageId, () -> {
            client().images().removeLocation(imageId, location);
            return null;
        });
    }

    @Override
    public List<CopyCheck> verify(String imageId) {
        return onImage(imageId, "verifying the copies of image " + imageId,
                () -> client().images().verify(imageId).locations().stream().map(GatewayRepository::check).toList());
    }

    /** A status this version does not know is treated as unreadable: nothing is removed for it. */
    private static CopyCheck check(Verification.Copy copy) {
        CopyCheck.Status status = switch (String.valueOf(copy.status())) {
            case Verification.OK -> CopyCheck.Status.OK;
            case Verification.MISSING -> CopyCheck.Status.MISSING;
            case Verification.MISMATCH -> CopyCheck.Status.MISMATCH;
            default -> CopyCheck.Status.UNAVAILABLE;
        };
        return new CopyCheck(copy.location(), status, copy.message());
    }

    @Override
    public void markFailed(String imageId, String note) {
        onImage(imageId, "marking image " + imageId + " failed", () -> {
            Image image = client().images().show(imageId);
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("imgStatus", ImageStatus.FAILED.wire());
            String description = image.description() == null || image.description().isBlank()
                    ? note : image.description() + " — " + note;
            changes.put("description", description);
            return client().images().modify(imageId, changes);
        });
    }

    @Override
    public void remove(String imageId) {
        onImage(imageId, "removing image " + imageId, () -> {
            client().images().remove(imageId);
            return null;
        });
    }

    private <T> T onImage(String imageId, String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (NotFoundException e) {
            throw new NoSuchImageException(imageId, e);
        } catch (ImageRepoException e) {
            throw failure(what, e);
        }
    }

    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (ImageRepoException e) {
            throw failure(what, e);
        }
    }

    private static RepositoryException failure(String what, ImageRepoException e) {
        return new RepositoryException(what + " failed: " + e.getMessage(), e);
    }

    private static RepositoryImage view(Image image) {
        return new RepositoryImage(image.imgId(), image.name(), image.owner(), image.imgStatus(), image.description(),
                image.tag(), image.createdDate(), image.lastAccess(), image.locations());
    }

    /** Made at first use, so that the service starts (and its event-only work runs) without the secret. */
    private ImageRepoClient client() {
        ImageRepoClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    String secret = config.clientSecret().filter(s -> !s.isBlank()).orElseThrow(() ->
                            new RepositoryException("imagerepo.triggers.client-secret is not set "
                                    + "(IMAGEREPO_TRIGGERS_CLIENT_SECRET): trigger-service cannot sign in to the gateway as "
                                    + config.clientId() + " to act on the repository"));
                    URI gateway = URI.create(config.gatewayUrl());
                    c = ImageRepoClient.create(gateway, ServiceAccountTokenSource.create(gateway, config.clientId(), secret));
                    client = c;
                }
            }
        }
        return c;
    }
}

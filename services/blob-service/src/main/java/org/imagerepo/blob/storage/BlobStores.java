package org.imagerepo.blob.storage;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stores this blob-service is configured with ({@code imagerepo.blob.stores}, ADR 6), made at startup
 * by the {@link BlobStoreProvider} of each kind listed; the first receives uploads. A kind nobody provides
 * or a plugin's bad settings stop the service from starting, with a message naming the setting.
 */
@Singleton
@Startup(Interceptor.Priority.PLATFORM_BEFORE) // before the Kafka consumers: no event may meet a half-started service
public class BlobStores {

    public static final String SETTING = "imagerepo.blob.stores";
    private static final Logger LOG = Logger.getLogger(BlobStores.class);

    private final Map<String, BlobStore> stores;

    @Inject
    public BlobStores(@ConfigProperty(name = SETTING, defaultValue = "fs") List<String> kinds,
                      @Any Instance<BlobStoreProvider> providers) {
        this(kinds, (Iterable<BlobStoreProvider>) providers);
    }

    /** Makes the stores of {@code kinds} from the providers given (outside CDI: in tests). */
    public BlobStores(List<String> kinds, Iterable<BlobStoreProvider> providers) {
        Map<String, BlobStoreProvider> byKind = new TreeMap<>();
        providers.forEach(p -> byKind.put(p.kind(), p));
        List<String> wanted = kinds.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        if (wanted.isEmpty()) {
            throw new StorageConfigurationException(SETTING + " is empty: name at least one store kind of "
                    + byKind.keySet() + " (the first receives uploads).");
        }
        Map<String, BlobStore> made = new LinkedHashMap<>();
        try {
            for (String kind : wanted) {
                BlobStoreProvider provider = byKind.get(kind);
                if (provider == null) {
                    throw new StorageConfigurationException(SETTING + " names the store kind '" + kind
                            + "', which no installed plugin provides; the kinds available are " + byKind.keySet() + ".");
                }
                if (made.containsKey(kind)) {
                    throw new StorageConfigurationException(SETTING + " names the store kind '" + kind + "' twice.");
                }
                made.put(kind, create(provider));
            }
        } catch (RuntimeException e) {
            made.values().forEach(BlobStores::closeQuietly);
            throw e;
        }
        this.stores = Collections.unmodifiableMap(made);
        LOG.infof("image stores: %s (uploads go to %s)", made.keySet(), wanted.get(0));
    }

    private static BlobStore create(BlobStoreProvider provider) {
        try {
            return provider.create();
        } catch (StorageConfigurationException e) {
            throw new StorageConfigurationException("the '" + provider.kind() + "' store listed in " + SETTING
                    + " is misconfigured: " + e.getMessage(), e);
        }
    }

    /** The store new uploads go to: the first one configured. */
    public BlobStore uploadStore() {
        return stores.values().iterator().next();
    }

    public Optional<BlobStore> byKind(String kind) {
        return Optional.ofNullable(kind == null ? null : stores.get(kind));
    }

    /** The configured store a location belongs to (by its scheme), if any. */
    public Optional<BlobStore> forLocation(String location) {
        return byKind(kindOf(location));
    }

    /** The configured kinds in order (uploads go to the first). */
    public List<String> kinds() {
        return new ArrayList<>(stores.keySet());
    }

    public Collection<BlobStore> all() {
        return stores.values();
    }

    /** The kind a location belongs to: its URI scheme, or null when it has none. */
    public static String kindOf(String location) {
        int colon = location == null ? -1 : location.indexOf(':');
        return colon <= 0 ? null : location.substring(0, colon);
    }

    @PreDestroy
    void close() {
        stores.values().forEach(BlobStores::closeQuietly);
    }

    private static void closeQuietly(BlobStore store) {
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.warnf("closing the %s store failed: %s", store.kind(), e.getMessage());
        }
    }
}

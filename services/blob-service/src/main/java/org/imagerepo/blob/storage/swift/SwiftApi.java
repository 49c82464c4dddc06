package org.imagerepo.blob.storage.swift;

import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.model.common.Payloads;
import org.openstack4j.openstack.storage.object.internal.BaseObjectStorageService;

import java.io.InputStream;
import java.util.Map;

/**
 * Swift's object API through OpenStack4j's request machinery, answering with the raw response. The
 * library's own ObjectStorageObjectService hides what we need to type errors (its {@code put} returns only
 * the ETag, whatever the status), so each call here returns the status and headers for the caller to
 * check, and the caller closes the response.
 *
 * <p>Every request carries OpenStack4j's auth-command header, which stops the connector from
 * re-authenticating on a 401 by itself: it would replay a half-consumed upload stream, and it cannot
 * renew a tempauth token at all. {@link SwiftConnection} renews tokens instead.
 *
 * <p>Names are not URL-encoded by OpenStack4j: callers pass only names made of URL-safe characters.
 * Calls use the OpenStack4j session bound to the current thread ({@link SwiftConnection#bind}).
 */
final class SwiftApi extends BaseObjectStorageService {

    private static final String NO_LIBRARY_REAUTH = "imagerepo";

    HttpResponse headObject(String container, String name) {
        return head(Void.class, uri("/%s/%s", container, name))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .executeWithResponse();
    }

    HttpResponse getObject(String container, String name, Map<String, String> headers) {
        return get(Void.class, uri("/%s/%s", container, name))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .headers(headers)
                .executeWithResponse();
    }

    /** Streams {@code data} as the body (chunked: its length is not announced). */
    HttpResponse putObject(String container, String name, InputStream data, Map<String, String> headers,
                           Map<String, ?> query) {
        return put(Void.class, uri("/%s/%s", container, name))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .entity(Payloads.create(data))
                .headers(headers)
                .params(query)
                .executeWithResponse();
    }

    HttpResponse deleteObject(String container, String name, Map<String, ?> query) {
        return delete(Void.class, uri("/%s/%s", container, name))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .params(query)
                .executeWithResponse();
    }

    /** 204 when the container exists, 404 when not. */
    HttpResponse headContainer(String container) {
        return head(Void.class, uri("/%s", container))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .executeWithResponse();
    }

    /** Creates the container, or answers 202 when it exists. */
    HttpResponse putContainer(String container) {
        return put(Void.class, uri("/%s", container))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .executeWithResponse();
    }

    /** One page of a container listing as JSON ({@code name}, {@code bytes}, ...), names after {@code marker}. */
    HttpResponse listObjects(String container, String prefix, String marker) {
        return get(Void.class, uri("/%s", container))
                .header(ClientConstants.HEADER_OS4J_AUTH, NO_LIBRARY_REAUTH)
                .param("format", "json")
                .param(prefix != null, "prefix", prefix)
                .param(marker != null, "marker", marker)
                .executeWithResponse();
    }
}

package org.imagerepo.blob.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.client.ForwardedProblem;
import org.imagerepo.blob.metrics.TransferMetrics;
import org.imagerepo.blob.service.DownloadService;
import org.imagerepo.blob.service.QuotaHold;
import org.imagerepo.blob.service.UploadResult;
import org.imagerepo.blob.service.UploadService;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.support.DomainProblems;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.ProblemResponses;
import org.imagerepo.support.errors.RangeNotSatisfiableException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.transfer.TransferCapability;
import org.imagerepo.vocabulary.ImageStatus;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The byte routes, {@code PUT|GET|HEAD /api/v1/images/{id}/file} (GET and HEAD take {@code ?store=KIND} to
 * read the copy in that store), on plain Vert.x rather than JAX-RS
 * so that bodies of any size stream through with back-pressure and never sit whole in memory. The
 * blocking work (catalog lookup, quota reservation, storage plugin I/O) runs on worker threads. An upload
 * is refused before its body is read when the caller may not upload or is over quota.
 */
@ApplicationScoped
public class BlobRoutes {

    private static final Logger LOG = Logger.getLogger(BlobRoutes.class);
    static final String PATH = "/api/v1/images/:id/file";
    /** An image's bytes by its imgURI (or another of its locations): {@code ?uri=fs:///ab/<id>}. */
    static final String BY_LOCATION = "/api/v1/files";
    /**
     * The same, where the gateway's transfer links point (ADR 16): a path of its own, so that an Ingress can send
     * it to blob-service beside the gateway on one host.
     */
    static final String TRANSFER_PATH = "/transfers/images/:id/file";
    static final String TRANSFER_BY_LOCATION = "/transfers/files";

    @Inject
    UploadService uploads;

    @Inject
    DownloadService downloads;

    @Inject
    ObjectMapper json;

    @Inject
    Callers callers;

    @Inject
    TransferMetrics metrics;

    @Inject
    TransferTracing tracing;

    @ConfigProperty(name = "imagerepo.blob.upload-idle-timeout", defaultValue = "60s")
    Duration uploadIdleTimeout;

    /** How long a refused upload's remaining body is read and dropped before the connection closes. */
    @ConfigProperty(name = "imagerepo.blob.refusal-linger-time", defaultValue = "2s")
    Duration lingerTime;

    /** How much of a refused upload's remaining body is read and dropped, at most, before the connection closes. */
    @ConfigProperty(name = "imagerepo.blob.refusal-linger-bytes", defaultValue = "256M")
    MemorySize lingerBytes;

    void register(@Observes Router router) {
        for (String path : new String[]{PATH, TRANSFER_PATH}) {
            router.put(path).handler(this::upload);
            router.get(path).handler(rc -> download(rc, false));
            router.head(path).handler(rc -> download(rc, true));
        }
        for (String path : new String[]{BY_LOCATION, TRANSFER_BY_LOCATION}) {
            router.get(path).handler(rc -> download(rc, false));
            router.head(path).handler(rc -> download(rc, true));
        }
    }

    private void upload(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context, uploadIdleTimeout.toMillis());
        String imageId = rc.pathParam("id");
        String identity = request.getHeader(IdentityAssertion.HEADER);
        long declaredSize = contentLength(request);
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
        String capability = request.getParam(TransferCapability.QUERY_PARAMETER);
        // On the worker too, the request's trace goes on: the events published there carry it to their consumers.
        Infrastructure.getDefaultWorkerPool().execute(io.opentelemetry.context.Context.current().wrap(() -> {
            TransferMetrics.InFlight transfer = null;
            Span traced = Span.getInvalid();
            Scope scope = null;
            try {
                Admitted admitted;
                if (capability == null) {
                    admitted = admitUpload(imageId, identity, declaredSize);
                } else {
                    TransferCapability granted = callers.transfer(capability);
                    traced = tracing.continueTrace(granted, "upload");
                    scope = traced.makeCurrent();
                    admitted = admitUpload(imageId, uploads, granted, declaredSize);
                }
                transfer = metrics.upload(uploads.storeKind());
                UploadResult result;
                // Released when this block ends, unless the upload was stored (accounting settles it then).
                try (QuotaHold quota = admitted.quota()) {
                    if (expectsContinue) {
                        body.continued();
                        request.response().writeContinue();
                    }
                    result = uploads.store(admitted.image(), admitted.user(), body, admitted.size(), quota);
                }
                transfer.done(result.size());
                request.response().setStatusCode(201)
                        .putHeader("Content-Type", "application/json")
                        .end(json.writeValueAsString(result));
            } catch (ForwardedProblem e) {
                refused(transfer);
                answerUpload(request, body, e.problem().status(), e.json());
            } catch (JsonProcessingException | RuntimeException e) {
                Optional<Problem> refusal = DomainProblems.answering(e);
                if (refusal.isPresent()) {
                    refused(transfer);
                } else {
                    LOG.error("upload of " + imageId + " failed", e);
                }
                answerUpload(request, body, refusal.orElseGet(() -> Problem.of(500, "internal", "Internal server error",
                        "The upload failed unexpectedly; nothing was kept. The operators can find the cause in the log.")));
            } finally {
                if (transfer != null) {
                    transfer.close();
                }
                if (scope != null) {
                    scope.close();
                }
                traced.end();
            }
        }));
    }

    /** An upload let in: the image it fills, its uploader, its size (-1: unknown) and the quota it holds. */
    private record Admitted(CatalogImage image, String user, long size, QuotaHold quota) {
    }

    /** Through the gateway's proxy (ADR 16's proxy mode): the caller's identity; quota reserved here. */
    private Admitted admitUpload(String imageId, String identity, long declaredSize) {
        Caller caller = callers.active(identity);
        uploads.requireAcceptableSize(declaredSize);
        CatalogImage image = uploads.admit(imageId, caller);
        return new Admitted(image, caller.username(), declaredSize, uploads.reserve(image, caller, declaredSize));
    }

    /**
     * With a capability (ADR 16): the gateway admitted the caller and blob-service held the quota when the upload
     * was created; what is left is that the link is for this image's upload, its size, and its first use.
     */
    private static Admitted admitUpload(String imageId, UploadService uploads, TransferCapability granted,
                                        long declaredSize) {
        granted.requireFor(TransferCapability.Operation.UPLOAD, imageId);
        long size = declaredSize;
        if (granted.size() >= 0) {
            if (declaredSize >= 0 && declaredSize != granted.size()) {
                throw ProblemException.badRequest("size-mismatch", "This upload was created for " + granted.size()
                        + " bytes, but " + declaredSize + " are being sent; create a new upload for this file.");
            }
            size = granted.size();
        }
        uploads.requireAcceptableSize(size);
        CatalogImage image = new CatalogImage(imageId, null, granted.username(), ImageStatus.PENDING.wire(), null, null,
                null);
        return new Admitted(image, granted.username(), size, uploads.claim(granted));
    }

    private void answerUpload(HttpServerRequest request, RequestBodyStream body, Problem problem) {
        answerUpload(request, body, problem.status(), ProblemResponses.json(problem));
    }

    /**
     * An error answer to an upload whose body was not read to its end closes the connection, gracefully: the
     * answer goes out first, then what the client still sends is read and dropped for a moment (a lingering
     * close, as nginx does) so that no reset overtakes the answer on its way (issue 17 point 5).
     */
    private void answerUpload(HttpServerRequest request, RequestBodyStream body, int status, String problem) {
        HttpServerResponse response = request.response();
        if (body.fullyRead()) {
            writeProblem(response, status, problem);
            return;
        }
        response.putHeader("Connection", "close");
        Future<Void> written = writeProblem(response, status, problem);
        if (written == null) {
            request.connection().close();
            return;
        }
        // On this worker thread: the drain blocks for at most lingerTime. A client that waits for our 100 Continue
        // and did not get it sends no body: nothing to linger for.
        if (!"100-continue".equalsIgnoreCase(request.getHeader("Expect")) || body.wasContinued()) {
            body.drain(lingerBytes.asLongValue(), lingerTime.toMillis());
        }
        written.onComplete(done -> request.connection().close());
    }

    /** As {@link ProblemResponses#write}, for a problem's JSON as another service wrote it. */
    private static Future<Void> writeProblem(HttpServerResponse response, int status, String problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return null;
        }
        return response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(problem);
    }

    private void download(RoutingContext rc, boolean headOnly) {
        HttpServerResponse response = rc.response();
        String imageId = rc.pathParam("id");
        String identity = rc.request().getHeader(IdentityAssertion.HEADER);
        String rangeHeader = rc.request().getHeader("Range");
        String storeKind = rc.request().getParam("store");
        String location = imageId == null ? rc.request().getParam("uri") : null;
        String capability = rc.request().getParam(TransferCapability.QUERY_PARAMETER);
        Infrastructure.getDefaultWorkerPool().execute(io.opentelemetry.context.Context.current().wrap(() -> {
            TransferMetrics.InFlight transfer = null;
            Span traced = Span.getInvalid();
            Scope scope = null;
            try {
                String user;
                DownloadService.Download download;
                if (capability != null) {
                    // ADR 16: the gateway vouched for the caller and for the copy blob-service resolved for them.
                    TransferCapability granted = callers.transfer(capability)
                            .requireFor(TransferCapability.Operation.DOWNLOAD, imageId);
                    traced = tracing.continueTrace(granted, "download");
                    scope = traced.makeCurrent();
                    user = granted.username();
                    download = downloads.prepare(granted, rangeHeader);
                } else {
                    Caller caller = callers.active(identity);
                    user = caller.username();
                    download = imageId == null
                            ? downloads.prepareAt(location, caller, rangeHeader)
                            : downloads.prepare(imageId, caller, rangeHeader, storeKind);
                }
                if (headOnly) {
                    writeHeaders(response, download);
                    response.end();
                    return;
                }
                transfer = metrics.download(download.store().kind());
                Optional<Path> file = downloads.localFile(download);
                if (file.isPresent()) {
                    sendFile(response, download, user, file.get(), transfer);
                    transfer = null; // sendFile closes it when the kernel is done
                    return;
                }
                ResponseBodyWriter writer = new ResponseBodyWriter(response);
                // Open first: a store that cannot serve is answered with a problem, not with the image's headers.
                try (InputStream in = downloads.open(download)) {
                    writeHeaders(response, download);
                    writer.copy(in);
                } finally {
                    transfer.broken(writer.written()); // until response.end() below says otherwise
                }
                response.end();
                transfer.done(writer.written());
                downloads.completed(download, user, writer.written());
            } catch (RangeNotSatisfiableException e) {
                refused(transfer);
                response.putHeader("Content-Range", "bytes */" + e.size());
                ProblemResponses.write(response, DomainProblems.of(e));
            } catch (IOException e) {
                LOG.debugf("download of %s stopped: %s", imageId, e.getMessage());
                response.reset();
            } catch (StorageException e) {
                // The store failed mid-way, after the headers went out: all we can do is break off.
                LOG.warnf("download of %s broke off: %s", imageId, e.getMessage());
                response.reset();
            } catch (RuntimeException e) {
                Optional<Problem> refusal = DomainProblems.answering(e);
                if (refusal.isPresent()) {
                    refused(transfer);
                } else {
                    LOG.error("download of " + imageId + " failed", e);
                }
                if (ProblemResponses.write(response, refusal.orElseGet(() -> Problem.of(500, "internal",
                        "Internal server error", "The download failed unexpectedly; the operators can find the cause "
                                + "in the log."))) == null) {
                    response.reset();
                }
            } finally {
                if (transfer != null) {
                    transfer.close();
                }
                if (scope != null) {
                    scope.close();
                }
                traced.end();
            }
        }));
    }

    /** A transfer answered with a problem before any of its bytes was kept or sent. */
    private static void refused(TransferMetrics.InFlight transfer) {
        if (transfer != null) {
            transfer.refused();
        }
    }

    /**
     * The kernel copies the file to the socket (sendfile): no byte passes through the heap or user space,
     * which on our 2-core machines left most of a core to the gateway and the client (perf/README.md).
     */
    private void sendFile(HttpServerResponse response, DownloadService.Download download, String user,
                          Path file, TransferMetrics.InFlight transfer) {
        writeHeaders(response, download);
        long offset = download.range() == null ? 0 : download.range().first();
        response.sendFile(file.toString(), offset, download.length()).onComplete(sent -> {
            if (sent.succeeded()) {
                transfer.done(download.length());
            }
            transfer.close();
            if (sent.succeeded()) {
                // Off the event loop: recording the access writes (and syncs) the outbox file.
                Infrastructure.getDefaultWorkerPool().execute(() -> downloads.completed(download, user, download.length()));
            } else {
                LOG.debugf("download of %s stopped: %s", download.image().imgId(), sent.cause().getMessage());
                response.reset();
            }
        });
    }

    private static void writeHeaders(HttpServerResponse response, DownloadService.Download download) {
        CatalogImage image = download.image();
        response.setStatusCode(download.range() == null ? 200 : 206)
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Length", Long.toString(download.length()))
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName(image) + "\"");
        if (image.sha256() != null) {
            response.putHeader("ETag", "\"" + image.sha256() + "\"").putHeader("X-Checksum-Sha256", image.sha256());
        }
        if (download.range() != null) {
            response.putHeader("Content-Range", "bytes " + download.range().first() + "-" + download.range().last()
                    + "/" + download.size());
        }
    }

    private static String fileName(CatalogImage image) {
        String name = image.name() == null || image.name().isBlank() ? image.imgId() : image.name();
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static long contentLength(HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

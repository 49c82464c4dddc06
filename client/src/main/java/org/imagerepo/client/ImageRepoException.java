package org.imagerepo.client;

import java.net.URI;

/**
 * Any failure of an imagerepo call: an error answer of the server (RFC 9457 {@code application/problem+json}),
 * an unreachable server, a checksum mismatch, a local I/O problem or a timeout.
 *
 * <p>{@link #getMessage()} is the sentence meant for a person (the problem's {@code detail}). {@link #kind()}
 * classifies the failure; the most common server answers also have their own subclasses
 * ({@link NotFoundException}, {@link ConflictException}, {@link BadRequestException}, {@link UnauthorizedException},
 * {@link ForbiddenException}) so callers can catch them.
 */
public class ImageRepoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Kind {
        /** 400 or 422: the request was malformed or a value was not allowed. */
        BAD_REQUEST,
        /** 401: no or invalid identity. */
        UNAUTHORIZED,
        /** 403: the identity may not do this. */
        FORBIDDEN,
        /** 404: no such image or user (or not visible to the caller). */
        NOT_FOUND,
        /** 409: the request conflicts with the current state (e.g. the image has no bytes yet). */
        CONFLICT,
        /** 413: too large (e.g. over quota). */
        TOO_LARGE,
        /** Any other 4xx answer. */
        CLIENT_ERROR,
        /** A 5xx answer. */
        SERVER_ERROR,
        /** The server could not be reached at all (connection refused, unknown host, connect timeout). */
        UNREACHABLE,
        /** The bytes received or sent do not match the checksum the repository recorded. */
        CHECKSUM_MISMATCH,
        /** The image reached status {@code failed} while being waited for. */
        IMAGE_FAILED,
        /** A wait or a request timed out. */
        TIMEOUT,
        /** A local or network I/O failure after the connection was made, or an unreadable answer. */
        IO
    }

    private final Kind kind;
    private final int status;
    private final URI type;
    private final String title;
    private final String detail;

    public ImageRepoException(Kind kind, int status, URI type, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
    }

    /** A failure that is not an HTTP answer (status 0, no type or title). */
    public ImageRepoException(Kind kind, String detail, Throwable cause) {
        this(kind, 0, null, null, detail, cause);
    }

    public ImageRepoException(Kind kind, String detail) {
        this(kind, detail, null);
    }

    /** The coarse classification of this failure. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the server's answer, or 0 when the failure was not an HTTP answer. */
    public int status() {
        return status;
    }

    /** The problem type URI from the server's problem document, or {@code null}. */
    public URI type() {
        return type;
    }

    /** The problem title (a short summary that does not change between occurrences), or {@code null}. */
    public String title() {
        return title;
    }

    /** The explanation meant for a person; the same as {@link #getMessage()}. */
    public String detail() {
        return detail;
    }

    /** The kind that goes with an HTTP error status. */
    public static Kind kindOf(int status) {
        return switch (status) {
            case 400, 422 -> Kind.BAD_REQUEST;
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404, 410 -> Kind.NOT_FOUND;
            case 409, 412 -> Kind.CONFLICT;
            case 413 -> Kind.TOO_LARGE;
            case 408, 504 -> Kind.TIMEOUT;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.CLIENT_ERROR;
        };
    }

    /** The exception (of the most specific class) for a server's error answer. */
    public static ImageRepoException fromProblem(int status, URI type, String title, String detail) {
        Kind kind = kindOf(status);
        return switch (kind) {
            case NOT_FOUND -> new NotFoundException(status, type, title, detail);
            case CONFLICT -> new ConflictException(status, type, title, detail);
            case BAD_REQUEST -> new BadRequestException(status, type, title, detail);
            case UNAUTHORIZED -> new UnauthorizedException(status, type, title, detail);
            case FORBIDDEN -> new ForbiddenException(status, type, title, detail);
            default -> new ImageRepoException(kind, status, type, title, detail, null);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[').append(kind);
        if (status != 0) {
            sb.append(' ').append(status);
        }
        if (title != null) {
            sb.append(' ').append(title);
        }
        return sb.append("]: ").append(detail).toString();
    }
}

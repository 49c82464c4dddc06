package org.imagerepo.blob.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes sha256 and md5 of the bytes as they pass, and counts them. */
final class ChecksummingInputStream extends FilterInputStream {

    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest md5 = digest("MD5");
    private long count;

    ChecksummingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            md5.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
            md5.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    long count() {
        return count;
    }

    /** Completes the digest: call once, after the stream was read to its end. */
    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Completes the digest: call once, after the stream was read to its end. */
    String md5() {
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}

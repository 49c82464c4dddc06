package org.imagerepo.support.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys from PEM files as openssl writes them ({@code BEGIN PUBLIC KEY}, {@code BEGIN PRIVATE KEY}).
 * A location is a file path, or {@code classpath:NAME} (the demo keys of the tests).
 */
public final class PemKeys {

    private PemKeys() {
    }

    public static PublicKey publicKey(String location) {
        byte[] der = der(location, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(location + " is not an RSA public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String location) {
        byte[] der = der(location, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(location + " is not an RSA private key in PKCS#8 form: " + e.getMessage(), e);
        }
    }

    private static byte[] der(String location, String kind) {
        String pem = read(location);
        String begin = "-----BEGIN " + kind + "-----";
        String end = "-----END " + kind + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(location + " holds no '" + begin + "' block (make one with openssl: "
                    + "genpkey -algorithm RSA for the private key, pkey -pubout for the public one).");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String name = location.substring("classpath:".length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no resource " + name + " on the class path");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key " + location + ": " + e.getMessage(), e);
        }
    }
}

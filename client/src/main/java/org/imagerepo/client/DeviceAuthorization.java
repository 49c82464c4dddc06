package org.imagerepo.client;

import java.time.Duration;

/**
 * A device sign-in under way (RFC 8628): what to show the person, who confirms it in a browser, possibly on
 * another machine.
 *
 * @param userCode                the short code the person checks or types, e.g. {@code WDJB-MJHT}
 * @param verificationUri         the page where the code is entered
 * @param verificationUriComplete the same page with the code already filled in, or {@code null}
 * @param expiresIn               how long the code stays valid
 * @param interval                how long to wait between two polls of the token endpoint
 * @param deviceCode              the secret the poll presents (not for display)
 */
public record DeviceAuthorization(String userCode, String verificationUri, String verificationUriComplete,
                                  Duration expiresIn, Duration interval, String deviceCode) {

    /** The page to open: the one with the code filled in when there is one. */
    public String browserUri() {
        return verificationUriComplete != null ? verificationUriComplete : verificationUri;
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[" + userCode + " at " + verificationUri + ", valid " + expiresIn + "]";
    }
}

package org.imagerepo.support.transfer;

import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;

/** The problems a refused transfer link is answered with: each says what to do instead. */
final class TransferRefusals {

    private TransferRefusals() {
    }

    /** 403 {@code capability-refused}: the link is valid but not for this. */
    static ProblemException refused(String detail) {
        return new ProblemException(Problem.of(403, "capability-refused", "Transfer link refused", detail));
    }

    /** 401 {@code capability-invalid}: not the gateway's, expired, or malformed. */
    static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(401, "capability-invalid", "Transfer link invalid", detail));
    }
}

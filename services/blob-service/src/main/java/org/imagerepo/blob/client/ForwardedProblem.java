package org.imagerepo.blob.client;

import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;

/**
 * Another service's problem answer, to be passed on to the client as that service wrote it: {@code json}
 * keeps the members beyond {@link Problem}'s (a quota refusal's quota, usage and request).
 */
public class ForwardedProblem extends ProblemException {

    private final String json;

    public ForwardedProblem(Problem problem, String json) {
        super(problem);
        this.json = json;
    }

    /** The problem's JSON as the other service sent it. */
    public String json() {
        return json;
    }
}

package org.imagerepo.accounting.service;

import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.vocabulary.ByteSizes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 413 {@code quota-exceeded}: a reservation would take the user past their quota. Besides the sentence, the
 * problem carries the numbers as extension members ({@code quota}, {@code usedBytes}, {@code reservedBytes},
 * {@code requestedBytes}), which libs/service-support's Problem cannot hold yet: rest.QuotaExceededMapper
 * writes them.
 */
public class QuotaExceededException extends ProblemException {

    private final transient Map<String, Object> members;

    QuotaExceededException(String username, long quota, long usedBytes, long reservedBytes, long requestedBytes) {
        super(Problem.of(413, "quota-exceeded", "Quota exceeded",
                detail(username, quota, usedBytes, reservedBytes, requestedBytes)));
        members = new LinkedHashMap<>();
        members.put("quota", quota);
        members.put("usedBytes", usedBytes);
        members.put("reservedBytes", reservedBytes);
        members.put("requestedBytes", requestedBytes);
    }

    /** The extension members, in order. */
    public Map<String, Object> members() {
        return members;
    }

    private static String detail(String username, long quota, long used, long reserved, long requested) {
        long left = quota - used - reserved;
        String room = left > 0 ? ByteSizes.format(left) + " left"
                : left == 0 ? "nothing left" : "nothing left (over it by " + ByteSizes.format(-left) + ")";
        return "Uploading " + ByteSizes.format(requested) + " would pass the quota of " + username + ": quota "
                + ByteSizes.format(quota) + ", in use " + ByteSizes.format(used) + ", reserved by uploads in progress "
                + ByteSizes.format(reserved) + "; " + room + ". Remove images or ask an administrator for more quota.";
    }
}

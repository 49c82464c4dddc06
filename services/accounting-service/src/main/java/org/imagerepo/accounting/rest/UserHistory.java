package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.accounting.model.UserAccount;
import org.imagerepo.accounting.service.HistoryService;

import java.time.Instant;

/** A user's books: their record's usage and what they downloaded (whole-image downloads; bytes of every download). */
@Schema(name = "UserBooks")
public record UserHistory(String username, long quota, long usedBytes, long reservedBytes, long imageCount,
                          @Schema(nullable = true) Instant lastSignIn, long downloads, long bytesDownloaded) {

    public static UserHistory of(HistoryService.UserDownloads books) {
        UserAccount user = books.user();
        return new UserHistory(user.username, user.quota, user.usedBytes, user.reservedBytes, user.imageCount,
                user.lastSignIn, books.downloads().downloads(), books.downloads().bytes());
    }
}

package org.imagerepo.accounting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.PositiveOrZero;
import org.imagerepo.support.identity.UserStatus;

/** The operator's settings of accounting-service; a wrong value stops the service at start, naming it. */
@ConfigMapping(prefix = "imagerepo.accounting")
public interface AccountingConfig {

    /** Where the users are kept: {@code h2} (embedded, the default) or {@code postgresql}. */
    @WithDefault("h2")
    DatabaseKind database();

    /** The status of a user at their first sign-in (admins of the directory always start activated). */
    @WithDefault("pending")
    UserStatus newUserStatus();

    /** A new user's quota in bytes: 8 GiB, the paper's default. */
    @WithDefault("8589934592")
    @PositiveOrZero
    long defaultQuota();
}

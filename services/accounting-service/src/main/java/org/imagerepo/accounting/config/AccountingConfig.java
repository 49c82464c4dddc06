package org.imagerepo.accounting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.PositiveOrZero;
import org.imagerepo.support.identity.UserStatus;

import java.net.URI;
import java.time.Duration;

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

    /** A reservation not created or changed for this long is released (its upload died without saying so). */
    @WithDefault("24h")
    Duration reservationMaxAge();

    /** How often expired reservations are looked for (ReservationService's schedule reads it). */
    @WithDefault("10m")
    Duration reservationSweepInterval();

    /** catalog-service, whose {@code /internal/v1/owners} is the truth a reconciliation compares with. */
    @WithDefault("http://127.0.0.1:8081")
    URI catalogUrl();
}

package org.imagerepo.testsupport;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that talks to the real servers bin/test starts (Kafka, PostgreSQL, MariaDB, the Mongo wire server,
 * S3Proxy, Swift, LDAP, Keycloak): every {@code @QuarkusTest} of a service and the stores' conformance suites.
 * {@code bin/test --fast} leaves them out by their JUnit tag and runs the rest, which needs nothing but the JDK.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(NeedsServers.TAG)
public @interface NeedsServers {

    /** The JUnit tag: {@code mvn test -DexcludedGroups=servers} runs the fast tier. */
    String TAG = "servers";
}

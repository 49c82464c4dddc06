package org.imagerepo.accounting;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.imagerepo.support.identity.Role;
import org.imagerepo.testsupport.TestIdentities;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Talking to accounting-service in tests as the gateway would: with identities it signed (the demo key). */
public final class AccountingApi {

    public static final String SIGN_INS = "/internal/v1/sign-ins";
    public static final String USERS = "/api/v1/users";
    public static final String RESERVATIONS = "/internal/v1/reservations";
    public static final String HISTORY = "/api/v1/history";
    public static final String USAGE = "/api/v1/usage";

    private AccountingApi() {
    }

    /** A user name no other test (or earlier run on the same database) has used. */
    public static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification with(String assertion) {
        return given().header(TestIdentities.HEADER, assertion).contentType("application/json");
    }

    /** An activated repository administrator. */
    public static RequestSpecification asAdmin(String name) {
        return with(TestIdentities.admin(name));
    }

    /** An activated ordinary user. */
    public static RequestSpecification asUser(String name) {
        return with(TestIdentities.user(name));
    }

    /** An activated user with a record holding {@code quota} bytes, added by an admin; answers the name. */
    public static String activatedUser(String prefix, long quota) {
        String name = newName(prefix);
        asAdmin(newName("admin")).body(Map.of("username", name, "status", "activated", "quota", quota)).post(USERS)
                .then().statusCode(201);
        return name;
    }

    /** The gateway signing {@code name} in, with the role from the token. */
    public static ValidatableResponse signIn(String name, Role tokenRole) {
        return with(TestIdentities.signIn(name, tokenRole)).post(SIGN_INS).then();
    }
}

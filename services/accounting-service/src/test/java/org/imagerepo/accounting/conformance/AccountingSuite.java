package org.imagerepo.accounting.conformance;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.imagerepo.accounting.UsersTopic;
import org.imagerepo.accounting.config.AccountingConfig;
import org.imagerepo.accounting.repository.AccountingDatabase;
import org.imagerepo.events.UserRegistered;
import org.imagerepo.events.UserRemoved;
import org.imagerepo.events.UserUpdated;
import org.imagerepo.support.identity.IdentitySigner;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;
import org.imagerepo.testsupport.TestIdentities;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.imagerepo.accounting.AccountingApi.SIGN_INS;
import static org.imagerepo.accounting.AccountingApi.USERS;
import static org.imagerepo.accounting.AccountingApi.asAdmin;
import static org.imagerepo.accounting.AccountingApi.asUser;
import static org.imagerepo.accounting.AccountingApi.newName;
import static org.imagerepo.accounting.AccountingApi.signIn;
import static org.imagerepo.accounting.AccountingApi.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What accounting-service does, the same on every database: one subclass per database, each a Quarkus test
 * under that database's profile against the real server, reading imagerepo.users back from the real broker.
 */
public abstract class AccountingSuite {

    private static final long GIB = 1L << 30;
    private static final String PROBLEM = "application/problem+json";

    @Inject
    AccountingConfig config;

    @Inject
    AccountingDatabase database;

    @TestHTTPResource(SIGN_INS)
    URI signIns;

    // ---- sign-in ----

    @Test
    void aFirstSignInRegistersTheUserWithTheConfiguredStatusAndDefaultQuotaAndAnnouncesIt() {
        String name = newName("first");
        try (UsersTopic topic = UsersTopic.watch()) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ValidatableResponse answer = signIn(name, Role.USER).statusCode(200)
                    .body("username", equalTo(name)).body("role", equalTo("user"))
                    .body("status", equalTo(config.newUserStatus().wire()))
                    .body("usedBytes", equalTo(0)).body("imageCount", equalTo(0))
                    .body("createdAt", notNullValue()).body("lastSignIn", notNullValue());
            assertEquals(config.defaultQuota(), answer.extract().jsonPath().getLong("quota"));
            assertTrue(!Instant.parse(answer.extract().path("createdAt")).isBefore(before), "createdAt is the sign-in");

            UserRegistered registered = topic.await(UserRegistered.class, name);
            assertEquals(name, registered.actor());
            assertEquals("user", registered.role());
            assertEquals(config.newUserStatus().wire(), registered.status());
            assertEquals(config.defaultQuota(), registered.quota());
        }
        asAdmin(newName("admin")).get(USERS + "/" + name).then().statusCode(200)
                .body("status", equalTo(config.newUserStatus().wire()));
    }

    @Test
    void aSecondSignInFindsTheRecordAndAnnouncesNothing() {
        String name = newName("again");
        String admin = newName("admin");
        try (UsersTopic topic = UsersTopic.watch()) {
            String createdAt = signIn(name, Role.USER).statusCode(200).extract().path("createdAt");
            topic.await(UserRegistered.class, name);
            // The token's role is not taken again: the record is authoritative once it exists.
            signIn(name, Role.ADMIN).statusCode(200).body("createdAt", equalTo(createdAt)).body("role", equalTo("user"));

            asAdmin(admin).body(Map.of("quota", 3 * GIB)).patch(USERS + "/" + name).then().statusCode(200);
            topic.await(UserUpdated.class, name);
            topic.assertNoOther(UserRegistered.class, name);
        }
        List<String> names = asAdmin(admin).queryParam("limit", 1000).get(USERS).then().statusCode(200)
                .extract().jsonPath().getList("users.username", String.class);
        assertEquals(1, names.stream().filter(name::equals).count(), "one record for " + name);
    }

    @Test
    void aDirectoryAdminsFirstSignInIsAnActivatedAdminWhateverTheNewUserStatus() {
        String name = newName("boss");
        try (UsersTopic topic = UsersTopic.watch()) {
            signIn(name, Role.ADMIN).statusCode(200).body("role", equalTo("admin")).body("status", equalTo("activated"));
            UserRegistered registered = topic.await(UserRegistered.class, name);
            assertEquals("admin", registered.role());
            assertEquals("activated", registered.status());
        }
    }

    @Test
    void concurrentFirstSignInsOfOneUserAllAnswerTheOneRecord() throws Exception {
        String name = newName("race");
        int callers = 8;
        HttpClient http = HttpClient.newHttpClient();
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (UsersTopic topic = UsersTopic.watch()) {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(signIns)
                            .header(TestIdentities.HEADER, TestIdentities.signIn(name, Role.USER))
                            .POST(HttpRequest.BodyPublishers.noBody()).build();
                    start.await(30, TimeUnit.SECONDS);
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            List<String> createdAts = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"username\":\"" + name + "\""), response.body());
                createdAts.add(response.body().replaceAll(".*\"createdAt\":\"([^\"]+)\".*", "$1"));
            }
            assertEquals(1, createdAts.stream().distinct().count(), "every caller got the same record: " + createdAts);

            topic.await(UserRegistered.class, name);
            asAdmin(newName("admin")).body(Map.of("quota", 5 * GIB)).patch(USERS + "/" + name).then().statusCode(200);
            topic.await(UserUpdated.class, name);
            topic.assertNoOther(UserRegistered.class, name);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLastSignInIsWrittenAtMostOnceAMinute() {
        String name = newName("often");
        String first = signIn(name, Role.USER).statusCode(200).extract().path("lastSignIn");
        signIn(name, Role.USER).statusCode(200).body("lastSignIn", equalTo(first));

        // As if the last sign-in were two minutes ago: the next one is written.
        Instant twoMinutesAgo = Instant.parse(first).minus(2, ChronoUnit.MINUTES);
        QuarkusTransaction.requiringNew().run(() ->
                database.users().touchSignIn(name, twoMinutesAgo, Instant.now().plus(1, ChronoUnit.DAYS)));
        String later = signIn(name, Role.USER).statusCode(200).extract().path("lastSignIn");
        assertTrue(Instant.parse(later).isAfter(twoMinutesAgo.plus(1, ChronoUnit.MINUTES)), later);
    }

    @Test
    void signInTakesOnlyTheGatewaysSignInIdentity() {
        String name = newName("sneaky");
        with(TestIdentities.admin(name)).post(SIGN_INS).then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("Only the gateway signs users in"));
        asAdmin(newName("admin")).get(USERS + "/" + name).then().statusCode(404);
    }

    // ---- a user's own record ----

    @Test
    void meAnswersTheCallersOwnRecordAnd404WithoutOne() {
        String name = newName("me");
        asUser(name).get(USERS + "/me").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("sign in through the gateway"));
        signIn(name, Role.USER).statusCode(200);
        asUser(name).get(USERS + "/me").then().statusCode(200).body("username", equalTo(name))
                .body("status", equalTo(config.newUserStatus().wire()));
        // and the user may read their own record by name, but no one else's
        activate(name);
        asUser(name).get(USERS + "/" + name).then().statusCode(200).body("username", equalTo(name));
        asUser(name).get(USERS + "/" + newName("other")).then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("Only repository administrators"));
    }

    // ---- administration ----

    @Test
    void anAdminListsUsersInNameOrderPageByPage() {
        String admin = newName("admin");
        String prefix = newName("list");
        for (String suffix : List.of("c", "a", "b")) {
            asAdmin(admin).body(Map.of("username", prefix + "-" + suffix)).post(USERS).then().statusCode(201);
        }
        List<String> all = asAdmin(admin).queryParam("limit", 1000).get(USERS).then().statusCode(200)
                .extract().jsonPath().getList("users.username", String.class);
        List<String> ours = all.stream().filter(n -> n.startsWith(prefix)).toList();
        assertEquals(List.of(prefix + "-a", prefix + "-b", prefix + "-c"), ours);
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all, "in user-name order");

        int at = all.indexOf(prefix + "-b");
        asAdmin(admin).queryParam("limit", 2).queryParam("offset", at).get(USERS).then().statusCode(200)
                .body("count", equalTo(2)).body("users.username", equalTo(all.subList(at, at + 2)))
                .body("users[0].quota", notNullValue()).body("users[0].lastSignIn", nullValue());
        asAdmin(admin).queryParam("limit", 0).get(USERS).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("limit must be between 1 and 1000"));
        asAdmin(admin).queryParam("offset", -1).get(USERS).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void anAdminAddsAUserBeforeTheirFirstSignInAndCannotAddThemTwice() {
        String admin = newName("admin");
        String name = newName("added");
        try (UsersTopic topic = UsersTopic.watch()) {
            asAdmin(admin).body(Map.of("username", name, "role", "admin", "status", "activated", "quota", 20 * GIB))
                    .post(USERS).then().statusCode(201).header("Location", endsWith(USERS + "/" + name))
                    .body("username", equalTo(name)).body("role", equalTo("admin")).body("status", equalTo("activated"))
                    .body("quota", equalTo(20 * GIB)).body("lastSignIn", nullValue()).body("createdAt", notNullValue());
            UserRegistered registered = topic.await(UserRegistered.class, name);
            assertEquals(admin, registered.actor());
            assertEquals("admin", registered.role());
            assertEquals(20 * GIB, registered.quota());
        }
        asAdmin(admin).body(Map.of("username", name)).post(USERS).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString(name + " exists already"));
        // the first sign-in finds the record, as the admin made it
        signIn(name, Role.USER).statusCode(200).body("role", equalTo("admin")).body("lastSignIn", notNullValue());

        String plain = newName("plain");
        asAdmin(admin).body(Map.of("username", plain)).post(USERS).then().statusCode(201)
                .body("role", equalTo("user")).body("status", equalTo(config.newUserStatus().wire()))
                .body("quota", equalTo(config.defaultQuota()));
    }

    @Test
    void addingAUserNeedsAValidNameAndOnlyKnownFields() {
        RequestSpecification admin = asAdmin(newName("admin"));
        admin.body(Map.of("role", "user")).post(USERS).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("Name the user to add"));
        asAdmin(newName("admin")).body(Map.of("username", "no spaces")).post(USERS).then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("LDAP uid"));
        asAdmin(newName("admin")).body(Map.of("username", newName("x"), "email", "x@example.org")).post(USERS).then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("Unknown field 'email': send only username, role, status, quota."));
        asAdmin(newName("admin")).body("{\"username\": ").post(USERS).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void anAdminSetsQuotaRoleAndStatusEachAnnouncedWithTheNewState() {
        String admin = newName("admin");
        String name = newName("changed");
        signIn(name, Role.USER).statusCode(200);
        String path = USERS + "/" + name;
        try (UsersTopic topic = UsersTopic.watch()) {
            asAdmin(admin).body(Map.of("quota", 16 * GIB)).patch(path).then().statusCode(200)
                    .body("quota", equalTo(16 * GIB)).body("role", equalTo("user"));
            UserUpdated quota = topic.await(UserUpdated.class, name);
            assertEquals(Map.of("quota", 16 * GIB), quota.changes());
            assertEquals(admin, quota.actor());
            assertEquals(16 * GIB, quota.quota());
            assertEquals("user", quota.role());
            assertEquals(config.newUserStatus().wire(), quota.status());

            asAdmin(admin).body(Map.of("status", "deactivated")).patch(path).then().statusCode(200)
                    .body("status", equalTo("deactivated"));
            UserUpdated status = topic.await(UserUpdated.class, name);
            assertEquals(Map.of("status", "deactivated"), status.changes());
            assertEquals("deactivated", status.status());
            assertEquals(16 * GIB, status.quota());

            // Setting what is already set changes nothing and announces nothing.
            asAdmin(admin).contentType("application/merge-patch+json").body(Map.of("status", "deactivated", "quota", 16 * GIB))
                    .patch(path).then().statusCode(200).body("status", equalTo("deactivated"));
            asAdmin(admin).body(Map.of("role", "admin", "status", "activated")).patch(path).then().statusCode(200)
                    .body("role", equalTo("admin")).body("status", equalTo("activated"));
            UserUpdated both = topic.await(UserUpdated.class, name);
            assertEquals(Map.of("role", "admin", "status", "activated"), both.changes(),
                    "the next announcement after the no-op is the role change");
            assertEquals("admin", both.role());
            assertEquals("activated", both.status());
            assertEquals(16 * GIB, both.quota());
        }
        asAdmin(admin).get(path).then().statusCode(200).body("role", equalTo("admin")).body("quota", equalTo(16 * GIB));
        asAdmin(admin).body(Map.of("quota", 1)).patch(USERS + "/" + newName("ghost")).then().statusCode(404)
                .contentType(PROBLEM).body("detail", containsString("No user named"));
    }

    @Test
    void invalidChangesAreRefusedNamingWhatIsAllowed() {
        String admin = newName("admin");
        String name = newName("strict");
        signIn(name, Role.USER).statusCode(200);
        String path = USERS + "/" + name;
        Map<Object, String> refusals = Map.of(
                Map.of("quota", -1), "0 or more",
                Map.of("quota", 1.5), "whole number of bytes",
                Map.of("quota", "lots"), "whole number of bytes",
                Map.of("role", "root"), "use admin or user",
                Map.of("status", "active"), "use pending, activated or deactivated",
                Map.of("colour", "blue"), "Unknown field 'colour': send only quota, role, status.",
                Map.of(), "Nothing to change");
        refusals.forEach((body, detail) -> asAdmin(admin).body(body).patch(path).then()
                .statusCode(400).contentType(PROBLEM).body("status", equalTo(400)).body("type", notNullValue())
                .body("detail", containsString(detail)));
        asAdmin(admin).get(path).then().statusCode(200).body("role", equalTo("user"))
                .body("quota", equalTo(config.defaultQuota())).body("status", equalTo(config.newUserStatus().wire()));
    }

    @Test
    void anAdminRemovesAUserWhoseNextSignInStartsAFreshRecord() {
        String admin = newName("admin");
        String name = newName("gone");
        signIn(name, Role.USER).statusCode(200);
        asAdmin(admin).body(Map.of("quota", 30 * GIB, "status", "activated")).patch(USERS + "/" + name).then().statusCode(200);
        try (UsersTopic topic = UsersTopic.watch()) {
            asAdmin(admin).delete(USERS + "/" + name).then().statusCode(204);
            UserRemoved removed = topic.await(UserRemoved.class, name);
            assertEquals(admin, removed.actor());
            assertEquals(name, removed.username());
            asAdmin(admin).get(USERS + "/" + name).then().statusCode(404).contentType(PROBLEM);
            asAdmin(admin).delete(USERS + "/" + name).then().statusCode(404).contentType(PROBLEM);

            signIn(name, Role.USER).statusCode(200).body("status", equalTo(config.newUserStatus().wire()))
                    .body("quota", equalTo(config.defaultQuota()));
            assertEquals(config.defaultQuota(), topic.await(UserRegistered.class, name).quota());
        }
    }

    @Test
    void anAdminCannotDeactivateDemoteOrRemoveThemself() {
        String admin = newName("root");
        signIn(admin, Role.ADMIN).statusCode(200).body("role", equalTo("admin"));
        String path = USERS + "/" + admin;
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("status", "deactivated"),
                Map.of("status", "pending"), Map.of("role", "user"))) {
            asAdmin(admin).body(body).patch(path).then().statusCode(409).contentType(PROBLEM)
                    .body("detail", containsString("without an administrator"));
        }
        asAdmin(admin).delete(path).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("Administrators cannot remove themselves"));
        asAdmin(admin).body(Map.of("quota", 40 * GIB)).patch(path).then().statusCode(200).body("quota", equalTo(40 * GIB));
        asAdmin(admin).get(path).then().statusCode(200).body("role", equalTo("admin")).body("status", equalTo("activated"));
        // another admin may
        asAdmin(newName("admin")).body(Map.of("role", "user")).patch(path).then().statusCode(200).body("role", equalTo("user"));
    }

    // ---- who may do what ----

    @Test
    void anOrdinaryUserCannotListAddChangeOrRemoveUsers() {
        String user = newName("plain");
        String other = newName("other");
        signIn(other, Role.USER).statusCode(200);
        List<ValidatableResponse> answers = List.of(
                asUser(user).get(USERS).then(),
                asUser(user).body(Map.of("username", newName("new"))).post(USERS).then(),
                asUser(user).body(Map.of("quota", 100 * GIB)).patch(USERS + "/" + other).then(),
                asUser(user).body(Map.of("role", "admin")).patch(USERS + "/" + user).then(),
                asUser(user).delete(USERS + "/" + other).then(),
                asUser(user).get(USERS + "/" + other).then());
        answers.forEach(answer -> answer.statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("Only repository administrators")));
        asAdmin(newName("admin")).get(USERS + "/" + other).then().statusCode(200)
                .body("quota", equalTo(config.defaultQuota()));
    }

    @Test
    void pendingAndDeactivatedUsersAreRefusedEverywhereButMe() {
        String admin = newName("admin");
        for (UserStatus status : List.of(UserStatus.PENDING, UserStatus.DEACTIVATED)) {
            String name = newName(status.wire());
            asAdmin(admin).body(Map.of("username", name, "status", status.wire())).post(USERS).then().statusCode(201);
            String identity = TestIdentities.withStatus(name, status);
            List<ValidatableResponse> answers = List.of(
                    with(identity).get(USERS).then(),
                    with(identity).body(Map.of("username", newName("new"))).post(USERS).then(),
                    with(identity).get(USERS + "/" + name).then(),
                    with(identity).body(Map.of("quota", 1)).patch(USERS + "/" + name).then(),
                    with(identity).delete(USERS + "/" + name).then());
            answers.forEach(answer -> answer.statusCode(403).contentType(PROBLEM)
                    .body("detail", containsString("is " + status.wire()))
                    .body("detail", containsString("administrator")));
            with(identity).get(USERS + "/me").then().statusCode(200).body("username", equalTo(name))
                    .body("status", equalTo(status.wire()));
        }
    }

    @Test
    void aRequestWithoutTheGatewaysIdentityIsUnauthorized() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = new IdentitySigner(generator.generateKeyPair().getPrivate())
                .sign("mallory", Set.of(), Role.ADMIN, UserStatus.ACTIVATED);
        String forgedSignIn = new IdentitySigner(generator.generateKeyPair().getPrivate())
                .sign("mallory", Set.of(), Role.ADMIN, null);
        for (RequestSpecification caller : List.of(given().contentType("application/json"),
                given().contentType("application/json").header(TestIdentities.HEADER, "not-a-jws"),
                given().contentType("application/json").header(TestIdentities.HEADER, forged))) {
            caller.get(USERS).then().statusCode(401).contentType(PROBLEM).body("status", equalTo(401))
                    .body("detail", containsString("gateway"));
        }
        given().post(SIGN_INS).then().statusCode(401).contentType(PROBLEM);
        given().header(TestIdentities.HEADER, forgedSignIn).post(SIGN_INS).then().statusCode(401).contentType(PROBLEM);
        given().header(TestIdentities.HEADER, forged).get(USERS + "/me").then().statusCode(401).contentType(PROBLEM);
        given().header(TestIdentities.HEADER, forged).contentType("application/json").body(Map.of("username", "mallory"))
                .post(USERS).then().statusCode(401).contentType(PROBLEM);
        given().header(TestIdentities.HEADER, forged).delete(USERS + "/mallory").then().statusCode(401);
        asAdmin(newName("admin")).get(USERS + "/mallory").then().statusCode(404);
    }

    // ---- operations ----

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'Database connections health check' }.data." + database.kind(),
                        equalTo("UP"));
        String described = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertTrue(described.contains("/api/v1/users/{name}") && described.contains(SIGN_INS), "OpenAPI describes the API");
    }

    private static void activate(String name) {
        asAdmin(newName("admin")).body(Map.of("status", "activated")).patch(USERS + "/" + name).then().statusCode(200);
    }
}

package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's side of ADR 10's REST (accounting's history, usage and reconciliation; trigger-service's rules,
 * actions and reservations; verification; quota refusals): the requests it sends and how it reads the answers,
 * against canned answers the public API document allows ({@link CannedApi}). Their behaviour on the real services is
 * in the end-to-end tests (ClientApiIT, ActiveRepositoryIT).
 */
class ActiveRepositoryClientTest {

    static final String IMAGE_HISTORY = """
            {"imgId":"img-1","owner":"bob","name":"u22","size":1073741824,"status":"available",
             "accessCount":3,"bytesTransferred":2147483648,"lastAccess":"2026-11-30T10:00:00Z",
             "storedAt":"2026-11-01T09:00:00Z","deletedAt":null}""";
    static final String ACCESSES = """
            ,"total":3,"accesses":[
             {"eventId":"e3","username":"alice","at":"2026-11-30T10:00:00Z","bytes":1073741824,"wholeImage":true},
             {"eventId":"e2","username":"bob","at":"2026-11-29T10:00:00Z","bytes":1024,"wholeImage":false}]}""";
    static final String RULE = """
            {"name":"unused-images","description":"Removes images nobody downloaded for a while","kind":"scan",
             "enabled":true,"dryRun":true,"settings":{"notify":"true","schedule":"PT1H","unusedDays":"90"},
             "lastRunAt":null}""";
    static final String ACTION = """
            {"id":17,"at":"2026-12-01T08:00:00Z","rule":"unused-images","subject":"img-1","action":"remove-image",
             "reason":"not downloaded for 120 days","outcome":"dry-run","dryRun":true,"detail":null}""";
    static final String RESERVATION = """
            {"reservationId":"r-1","imageId":"img-1","target":"s3","start":"2026-12-02T00:00:00Z",
             "end":"2026-12-03T00:00:00Z","cancelled":false,"state":"staged","location":"s3://images/img-1",
             "madeByUs":true,"attempts":1,"lastError":null,"receivedAt":"2026-12-01T00:00:00Z",
             "updatedAt":"2026-12-01T23:00:00Z"}""";

    private final CannedApi api = new CannedApi();
    private final ImageRepoClient client = ImageRepoClient.create(java.net.URI.create(api.url()), TokenSource.of("t"));

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        api.close();
    }

    // ------------------------------------------------------------------------------------------------ history

    @Test
    void imageHistoryListSendsTheFiltersAndReadsAPage() {
        api.answer("GET", "/api/v1/history/images", 200, "{\"count\":1,\"images\":[" + IMAGE_HISTORY + "]}");

        Page<ImageHistory> page = client.accounting().imageHistory(1, 5, "bob");

        assertEquals("owner=bob&limit=1&offset=5", api.last("GET").rawQuery());
        assertEquals(1, page.total(), "the API says how many rows it answers, not how many there are");
        ImageHistory h = page.items().get(0);
        assertEquals("img-1", h.imgId());
        assertEquals("bob", h.owner());
        assertEquals(1073741824L, h.size());
        assertEquals(3, h.accessCount());
        assertEquals(2147483648L, h.bytesTransferred());
        assertEquals(Instant.parse("2026-11-30T10:00:00Z"), h.lastAccess());
        assertNull(h.deletedAt());
        assertTrue(h.accesses().isEmpty());
    }

    @Test
    void imageHistoryListWithoutFiltersSendsNoQuery() {
        api.answer("GET", "/api/v1/history/images", 200,
                "{\"count\":2,\"images\":[" + IMAGE_HISTORY + "," + IMAGE_HISTORY + "]}");

        Page<ImageHistory> page = client.accounting().imageHistory();

        assertNull(api.last("GET").rawQuery());
        assertEquals(2, page.total());
        assertEquals(2, page.items().size());
    }

    @Test
    void oneImagesHistoryHasItsAccessesNewestFirstAndTheirTotal() {
        api.answer("GET", "/api/v1/history/images/img%201", 200,
                IMAGE_HISTORY.substring(0, IMAGE_HISTORY.length() - 1) + ACCESSES);

        ImageHistory h = client.accounting().imageHistory("img 1", 2, 0);

        assertEquals("/api/v1/history/images/img%201", api.last("GET").path());
        assertEquals("limit=2&offset=0", api.last("GET").rawQuery());
        assertEquals(3L, h.total());
        assertEquals(2, h.accesses().size());
        ImageHistory.Access newest = h.accesses().get(0);
        assertEquals("e3", newest.eventId());
        assertEquals("alice", newest.username());
        assertEquals(Instant.parse("2026-11-30T10:00:00Z"), newest.at());
        assertEquals(1073741824L, newest.bytes());
        assertTrue(newest.wholeImage());
        assertFalse(h.accesses().get(1).wholeImage());
    }

    @Test
    void theHistoryOfAnImageTheCallerMayNotSeeIsNotFound() {
        api.answer("GET", "/api/v1/history/images/img-9", 404, """
                {"type":"https://imagerepo.org/problems/not-found","title":"Not found","status":404,
                 "detail":"image img-9 not found"}""");

        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.accounting().imageHistory("img-9", null, null));
        assertEquals("image img-9 not found", e.getMessage());
    }

    @Test
    void userHistoryReadsEveryUserAndOne() {
        String bob = """
                {"username":"bob","quota":8589934592,"usedBytes":1073741824,"reservedBytes":524288,"imageCount":2,
                 "lastSignIn":"2026-12-01T07:00:00Z","downloads":5,"bytesDownloaded":4096}""";
        api.answer("GET", "/api/v1/history/users", 200, "{\"count\":1,\"users\":[" + bob + "]}");
        api.answer("GET", "/api/v1/history/users/bob", 200, bob);

        Page<UserHistory> all = client.accounting().userHistory(10, null);
        assertEquals("limit=10", api.last("GET").rawQuery());
        UserHistory one = client.accounting().userHistory("bob");

        assertEquals(List.of(one), all.items());
        assertEquals(8589934592L, one.quota());
        assertEquals(1073741824L, one.usedBytes());
        assertEquals(524288L, one.reservedBytes());
        assertEquals(2, one.imageCount());
        assertEquals(Instant.parse("2026-12-01T07:00:00Z"), one.lastSignIn());
        assertEquals(5, one.downloads());
        assertEquals(4096, one.bytesDownloaded());
    }

    @Test
    void usageSendsUserAndDatesAndReadsTheDaysAndTotals() {
        api.answer("GET", "/api/v1/usage", 200, """
                {"user":"*","from":"2026-11-01","to":"2026-11-03","days":[
                  {"day":"2026-11-01","storedByteHours":25769803776,"transferredBytes":100,"downloads":1},
                  {"day":"2026-11-02","storedByteHours":12884901888.5,"transferredBytes":0,"downloads":0}],
                 "totals":{"storedByteHours":38654705664.5,"transferredBytes":100,"downloads":1}}""");

        Usage u = client.accounting().usage("*", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"));

        assertEquals("user=*&from=2026-11-01&to=2026-11-03", api.last("GET").rawQuery());
        assertEquals("*", u.user());
        assertEquals(LocalDate.parse("2026-11-03"), u.to());
        assertEquals(2, u.days().size());
        assertEquals(LocalDate.parse("2026-11-01"), u.days().get(0).day());
        assertEquals(25769803776.0, u.days().get(0).storedByteHours());
        assertEquals(12884901888.5, u.days().get(1).storedByteHours());
        assertEquals(100, u.totals().transferredBytes());
        assertEquals(1, u.totals().downloads());
    }

    @Test
    void usageWithTheDefaultsSendsNoParameters() {
        api.answer("GET", "/api/v1/usage", 200, """
                {"user":"alice","from":"2026-11-01","to":"2026-12-01","days":[],
                 "totals":{"storedByteHours":0,"transferredBytes":0,"downloads":0}}""");

        Usage u = client.accounting().usage(null, null, null);

        assertNull(api.last("GET").rawQuery());
        assertEquals("alice", u.user());
        assertTrue(u.days().isEmpty());
    }

    @Test
    void reconcilePostsTheRepairFlagAndReadsTheDrift() {
        api.answer("POST", "/api/v1/usage/reconciliation", 200, """
                {"checkedUsers":4,"repaired":1,"drift":[{"username":"bob","recordedBytes":10,"actualBytes":0,
                 "recordedImages":1,"actualImages":0}]}""");

        Reconciliation r = client.accounting().reconcile(true);

        assertEquals("POST", api.last("POST").method());
        assertEquals("repair=true", api.last("POST").rawQuery());
        assertEquals(4, r.checkedUsers());
        assertEquals(1, r.repaired());
        assertEquals(new Reconciliation.Drift("bob", 10, 0, 1, 0), r.drift().get(0));

        client.accounting().reconcile(false);
        assertEquals("repair=false", api.last("POST").rawQuery());
    }

    // ------------------------------------------------------------------------------------------------ triggers

    @Test
    void rulesAreReadWithTheirSettingsInOrder() {
        api.answer("GET", "/api/v1/rules", 200, "{\"count\":2,\"rules\":[" + RULE + "," + RULE + "]}");
        api.answer("GET", "/api/v1/rules/unused-images", 200, RULE);

        List<Rule> rules = client.rules().list();
        Rule rule = client.rules().show("unused-images");

        assertEquals(List.of(rule, rule), rules);
        assertEquals("unused-images", rule.name());
        assertTrue(rule.enabled());
        assertTrue(rule.dryRun());
        assertEquals(List.of("notify", "schedule", "unusedDays"), List.copyOf(rule.settings().keySet()));
        assertEquals("90", rule.settings().get("unusedDays"));
    }

    @Test
    void updateRulePatchesOnlyWhatIsGiven() throws Exception {
        api.answer("PATCH", "/api/v1/rules/unused-images", 200, RULE);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("unusedDays", 30);

        Rule after = client.rules().update("unused-images", new RuleUpdate(false, null, settings));

        LoopbackServer.Request patch = api.last("PATCH");
        assertTrue(patch.header("Content-Type").startsWith("application/json"));
        JsonNode sent = Json.mapper().readTree(patch.body());
        assertEquals(false, sent.get("enabled").asBoolean());
        assertEquals(List.of("enabled", "settings"), List.copyOf(iterable(sent.fieldNames())),
                "only what was given is sent: " + sent);
        assertEquals(30, sent.get("settings").get("unusedDays").asInt());
        assertEquals("unused-images", after.name());
    }

    @Test
    void anUnknownSettingIsABadRequestNamingIt() {
        api.answer("PATCH", "/api/v1/rules/quota", 400, """
                {"type":"https://imagerepo.org/problems/invalid-rule-change","title":"Bad request","status":400,
                 "detail":"rule quota has no setting 'colour'; its settings are: graceDays"}""");

        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.rules().update("quota", RuleUpdate.settings(Map.of("colour", "red"))));
        assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
    }

    @Test
    void runRuleAsksForADryRunWhenToldAndReadsTheActions() {
        api.answer("POST", "/api/v1/rules/unused-images/runs", 200, """
                {"rule":"unused-images","dryRun":true,"startedAt":"2026-12-01T08:00:00Z","count":1,
                 "actions":[""" + ACTION + "]}");

        List<TriggerAction> actions = client.rules().run("unused-images", true);
        assertEquals("dryRun=true", api.last("POST").rawQuery());
        client.rules().run("unused-images", false);
        assertNull(api.last("POST").rawQuery());

        TriggerAction a = actions.get(0);
        assertEquals("17", a.id());
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), a.at());
        assertEquals("remove-image", a.action());
        assertEquals(TriggerAction.DRY_RUN, a.outcome());
        assertTrue(a.dryRun());
        assertNull(a.detail());
    }

    @Test
    void actionsSendTheFiltersAndReadAPageWithNumericIds() {
        api.answer("GET", "/api/v1/actions", 200, "{\"count\":1,\"actions\":[" + ACTION + "]}");

        Page<TriggerAction> page = client.rules().actions("unused-images", "img 1", 1, null);

        assertEquals("rule=unused-images&subject=img%201&limit=1", api.last("GET").rawQuery());
        assertEquals(1, page.total());
        assertEquals("17", page.items().get(0).id());
    }

    @Test
    void oneReservationIsReadByItsId() {
        api.answer("GET", "/api/v1/reservations/r-1", 200, RESERVATION);
        Reservation r = client.reservations().show("r-1");
        assertEquals("staged", r.state());
        assertEquals("s3://images/img-1", r.location());
        assertThrows(BadRequestException.class, () -> client.reservations().show(" "));
    }

    @Test
    void reservationsAreReadWithTheirState() {
        api.answer("GET", "/api/v1/reservations", 200, "{\"count\":1,\"reservations\":[" + RESERVATION + "]}");

        Reservation r = client.reservations().list().get(0);

        assertEquals("r-1", r.reservationId());
        assertEquals("s3", r.target());
        assertEquals(Instant.parse("2026-12-03T00:00:00Z"), r.end());
        assertEquals("staged", r.state());
        assertEquals("s3://images/img-1", r.location());
    }

    @Test
    void theTriggerRoutesAreForAdmins() {
        api.answer("GET", "/api/v1/reservations", 403, """
                {"type":"https://imagerepo.org/problems/forbidden","title":"Forbidden","status":403,
                 "detail":"only admins may see the reservations"}""");

        ForbiddenException e = assertThrows(ForbiddenException.class, client.reservations()::list);
        assertEquals("only admins may see the reservations", e.getMessage());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ copies

    @Test
    void removeLocationSendsTheUriEncodedAndABlankOneIsRefusedBeforeAsking() {
        api.answer("DELETE", "/api/v1/images/img-1/locations", 204, "");

        client.images().removeLocation("img-1", "s3://images/img-1");

        assertEquals("uri=s3%3A%2F%2Fimages%2Fimg-1", api.last("DELETE").rawQuery());
        assertThrows(BadRequestException.class, () -> client.images().removeLocation("img-1", " "));
        assertEquals(1, api.requests().size());
    }

    @Test
    void verifyPostsAndReadsEachCopysStatus() {
        api.answer("POST", "/api/v1/images/img-7/verification", 200, """
                {"imgId":"img-7","ok":false,"size":3,"sha256":"abc","locations":[
                 {"location":"fs://images/img-7","store":"fs","status":"ok","size":3,"sha256":"abc","message":null},
                 {"location":"s3://images/img-7","store":"s3","status":"mismatch","size":2,"sha256":"def",
                  "message":"2 bytes, not 3"}]}""");

        Verification v = client.images().verify("img-7");

        assertEquals("POST", api.last("POST").method());
        assertFalse(v.ok());
        assertEquals(3L, v.size());
        assertEquals(List.of("fs://images/img-7"), v.withStatus(Verification.OK).stream().map(Verification.Copy::location).toList());
        assertEquals(new Verification.Copy("s3://images/img-7", "s3", "mismatch", 2L, "def", "2 bytes, not 3"),
                v.withStatus(Verification.MISMATCH).get(0));
    }

    // ------------------------------------------------------------------------------------------------ quota

    /** Creating an upload refused with {@code problem}, as the gateway answers when accounting refuses the hold. */
    private Path refusedUpload(String problem, int size) throws IOException {
        api.answer("POST", "/api/v1/images/img-1/uploads", 413, problem);
        return Files.write(tmp.resolve("disk.img"), new byte[size]);
    }

    @Test
    void anUploadOverQuotaIsAQuotaExceededExceptionWithTheNumbers() throws IOException {
        Path file = refusedUpload("""
                {"type":"https://imagerepo.org/problems/quota-exceeded","title":"Quota exceeded","status":413,
                 "detail":"uploading 3.0 MiB would exceed bob's quota of 8.0 GiB (8.0 GiB used, 0 B reserved)",
                 "quota":8589934592,"usedBytes":8589934000,"reservedBytes":0,"requestedBytes":3145728}""",
                3 * 1024 * 1024);

        QuotaExceededException e = assertThrows(QuotaExceededException.class,
                () -> client.images().upload("img-1", file));

        assertEquals("uploading 3.0 MiB would exceed bob's quota of 8.0 GiB (8.0 GiB used, 0 B reserved)",
                e.getMessage());
        assertEquals(ImageRepoException.Kind.TOO_LARGE, e.kind());
        assertEquals(413, e.status());
        assertEquals(8589934592L, e.quota());
        assertEquals(8589934000L, e.usedBytes());
        assertEquals(0L, e.reservedBytes());
        assertEquals(3145728L, e.requestedBytes());
    }

    @Test
    void aQuotaRefusalWhoseExplanationIsCutOffIsToldAgainFromTheUsersRecord() throws IOException {
        // blob-service's refusal of the bytes: its headers go out, then the connection closes without its body.
        try (LoopbackServer blob = new LoopbackServer((request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(413, 100);
            exchange.getResponseBody().flush();
        })) {
            api.answer("POST", "/api/v1/images/img-1/uploads", 201, "{\"imageId\":\"img-1\",\"uploadUrl\":\""
                    + blob.url() + "/transfers/images/img-1/file?capability=c\",\"method\":\"PUT\",\"size\":1048576,"
                    + "\"expiresAt\":\"2026-12-01T10:05:00Z\"}");
            api.answer("GET", "/api/v1/users/me", 200, """
                    {"username":"bob","role":"user","status":"activated","quota":8589934592,"usedBytes":8589000000,
                     "reservedBytes":0,"imageCount":3,"createdAt":"2026-11-30T09:00:00Z","lastSignIn":null}""");
            Path file = Files.write(tmp.resolve("disk.img"), new byte[1024 * 1024]);

            QuotaExceededException e = assertThrows(QuotaExceededException.class,
                    () -> client.images().upload("img-1", file));

            assertEquals(413, e.status());
            assertEquals(8589934592L, e.quota());
            assertEquals(1024L * 1024, e.requestedBytes());
            assertTrue(e.getMessage().startsWith("Uploading 1.0 MiB would pass the quota of bob: quota "),
                    e.getMessage());
            assertTrue(e.getMessage().contains(", in use "), e.getMessage());
        }
    }

    @Test
    void aQuotaProblemWithoutTheNumbersStillIsOneAndOther413sAreNot() throws IOException {
        Path file = refusedUpload("""
                {"type":"https://imagerepo.org/problems/quota-exceeded","title":"Quota exceeded","status":413,
                 "detail":"you are over your quota"}""", 10);

        QuotaExceededException e = assertThrows(QuotaExceededException.class,
                () -> client.images().upload("img-1", file));
        assertNull(e.quota());
        assertNull(e.requestedBytes());

        refusedUpload("""
                {"type":"https://imagerepo.org/problems/too-large","title":"Too large","status":413,
                 "detail":"images may not exceed 1 TiB"}""", 10);
        ImageRepoException other = assertThrows(ImageRepoException.class, () -> client.images().upload("img-1", file));
        assertFalse(other instanceof QuotaExceededException);
        assertEquals(ImageRepoException.Kind.TOO_LARGE, other.kind());
    }
}

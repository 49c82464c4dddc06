package org.imagerepo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.client.CannedAnswers;
import org.imagerepo.client.CannedApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * histimg, histuser, usage, reconcile, rule, actions and reservations, and put over quota, signed in as alice (an
 * admin), against canned answers the public API document allows (CannedApi) for accounting's and trigger-service's
 * routes.
 */
class ActiveRepositoryCliTest {

    static final String IMAGE_HISTORY = """
            {"imgId":"img-1","owner":"bob","name":"u22","size":1073741824,"status":"available",
             "accessCount":3,"bytesTransferred":2147483648,"lastAccess":"2026-11-30T10:00:00Z",
             "storedAt":"2026-11-01T09:00:00Z","deletedAt":null}""";
    static final String RULE = """
            {"name":"unused-images","description":"Removes images nobody downloaded for a while","kind":"scan",
             "enabled":true,"dryRun":true,"settings":{"unusedDays":"90","notify":"true","schedule":"PT1H"},
             "lastRunAt":null}""";
    static final String ACTION = """
            {"id":17,"at":"2026-12-01T08:00:00Z","rule":"unused-images","subject":"img-1","action":"remove-image",
             "reason":"not downloaded for 120 days","outcome":"dry-run","dryRun":true,"detail":null}""";

    private final ObjectMapper json = new ObjectMapper();
    private final CannedApi api = new CannedApi();
    private Map<String, String> env;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        Path config = tmp.resolve("config");
        env = Map.of(ImageRepoCli.ENV_URL, api.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
        CliTestSupport.signIn(api.url(), config, "alice");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Result run(String... args) {
        return CliTestSupport.run(env, tmp, false, args);
    }

    private static List<String> lines(Result r) {
        return r.out().lines().toList();
    }

    /** The cells of the table line that starts with {@code first}. */
    private static List<String> row(Result r, String first) {
        return r.out().lines().filter(l -> l.startsWith(first + " ")).findFirst()
                .map(l -> List.of(l.strip().split("\\s{2,}"))).orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ histimg

    @Test
    void histimgListsImagesWithTheirDownloadsAndPassesTheFilters() {
        api.answer("GET", "/api/v1/history/images", 200,
                "{\"count\":1,\"images\":[" + IMAGE_HISTORY + "]}");

        Result r = run("histimg", "--owner", "bob", "--limit", "1");

        assertEquals(0, r.status(), r::toString);
        assertEquals("owner=bob&limit=1", api.last("GET").rawQuery());
        assertEquals(List.of("imgId", "name", "owner", "size", "status", "accessCount", "bytesTransferred",
                "lastAccess"), row(r, "imgId"));
        assertEquals(List.of("img-1", "u22", "bob", "1.0 GiB", "available", "3", "2.0 GiB", "2026-11-30T10:00:00Z"),
                row(r, "img-1"));
        // The API answers how many rows it gives, not how many there are: no "for more" to offer.
        assertFalse(r.out().contains("for more"), r::toString);
    }

    @Test
    void histimgOfOneImageShowsItsTotalsAndItsDownloads() {
        api.answer("GET", "/api/v1/history/images/img-1", 200,
                IMAGE_HISTORY.substring(0, IMAGE_HISTORY.length() - 1) + """
                        ,"total":3,"accesses":[
                         {"eventId":"e3","username":"carol","at":"2026-11-30T10:00:00Z","bytes":1073741824,"wholeImage":true},
                         {"eventId":"e2","username":"bob","at":"2026-11-29T10:00:00Z","bytes":1024,"wholeImage":false}]}""");

        Result r = run("histimg", "img-1", "--limit", "2");

        assertEquals(0, r.status(), r::toString);
        assertEquals("limit=2", api.last("GET").rawQuery());
        assertEquals(List.of("accessCount", "3"), row(r, "accessCount"));
        assertEquals(List.of("bytesTransferred", "2147483648 (2.0 GiB)"), row(r, "bytesTransferred"));
        assertEquals(List.of("at", "username", "bytes", "wholeImage"), row(r, "at"));
        assertEquals(List.of("2026-11-30T10:00:00Z", "carol", "1.0 GiB", "whole"), row(r, "2026-11-30T10:00:00Z"));
        assertEquals(List.of("2026-11-29T10:00:00Z", "bob", "1.0 KiB", "range"), row(r, "2026-11-29T10:00:00Z"));
        assertTrue(r.out().contains("(downloads 1-2 of 3; --offset 2 for more)"), r::toString);
    }

    @Test
    void histimgAsJsonIsTheRecord() throws IOException {
        api.answer("GET", "/api/v1/history/images/img-1", 200,
                IMAGE_HISTORY.substring(0, IMAGE_HISTORY.length() - 1) + ",\"total\":0,\"accesses\":[]}");

        Result r = run("histimg", "img-1", "-o", "json");

        assertEquals(0, r.status(), r::toString);
        JsonNode h = json.readTree(r.out());
        assertEquals("img-1", h.get("imgId").asText());
        assertEquals(2147483648L, h.get("bytesTransferred").asLong());
    }

    @Test
    void histimgOfAnImageNotVisibleIsTheProblemAndExitsOne() {
        api.answer("GET", "/api/v1/history/images/img-9", 404, """
                {"type":"https://imagerepo.org/problems/not-found","title":"Not found","status":404,
                 "detail":"image img-9 not found"}""");

        Result r = run("histimg", "img-9");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: image img-9 not found\n", r.err());
        assertEquals("", r.out());
    }

    // ------------------------------------------------------------------------------------------------ histuser

    @Test
    void histuserListsEveryUserAndShowsOne() {
        String bob = """
                {"username":"bob","quota":8589934592,"usedBytes":1073741824,"reservedBytes":0,"imageCount":2,
                 "lastSignIn":"2026-12-01T07:00:00Z","downloads":5,"bytesDownloaded":4096}""";
        api.answer("GET", "/api/v1/history/users", 200, "{\"count\":1,\"users\":[" + bob + "]}");
        api.answer("GET", "/api/v1/history/users/bob", 200, bob);

        Result all = run("histuser");
        assertEquals(0, all.status(), all::toString);
        assertEquals(List.of("bob", "8.0 GiB", "1.0 GiB", "0 B", "2", "5", "4.0 KiB", "2026-12-01T07:00:00Z"),
                row(all, "bob"));

        Result one = run("histuser", "bob");
        assertEquals(0, one.status(), one::toString);
        assertEquals("/api/v1/history/users/bob", api.last("GET").path());
        assertEquals(List.of("quota", "8589934592 (8.0 GiB)"), row(one, "quota"));
        assertEquals(List.of("downloads", "5"), row(one, "downloads"));
    }

    @Test
    void histuserOfAllIsForAdmins() {
        api.answer("GET", "/api/v1/history/users", 403, """
                {"type":"https://imagerepo.org/problems/forbidden","title":"Forbidden","status":403,
                 "detail":"only admins may see every user's history; see your own with imagerepo histuser bob"}""");

        Result r = run("histuser");

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: only admins may see every user's history"), r::toString);
    }

    // ------------------------------------------------------------------------------------------------ usage

    @Test
    void usagePrintsADayATableAndTotalsInReadableUnits() {
        api.answer("GET", "/api/v1/usage", 200, """
                {"user":"*","from":"2026-11-01","to":"2026-11-03","days":[
                  {"day":"2026-11-01","storedByteHours":25769803776,"transferredBytes":1048576,"downloads":1},
                  {"day":"2026-11-02","storedByteHours":100,"transferredBytes":0,"downloads":0}],
                 "totals":{"storedByteHours":25769803876,"transferredBytes":1048576,"downloads":1}}""");

        Result r = run("usage", "--user", "*", "--from", "2026-11-01", "--to", "2026-11-03");

        assertEquals(0, r.status(), r::toString);
        assertEquals("user=*&from=2026-11-01&to=2026-11-03", api.last("GET").rawQuery());
        assertEquals("usage of all users from 2026-11-01 to 2026-11-03 (exclusive)", lines(r).get(0));
        assertEquals(List.of("day", "stored", "transferred", "downloads"), row(r, "day"));
        assertEquals(List.of("2026-11-01", "24.0 GiB·h", "1.0 MiB", "1"), row(r, "2026-11-01"));
        assertEquals(List.of("2026-11-02", "100 B·h", "0 B", "0"), row(r, "2026-11-02"));
        assertEquals(List.of("total", "24.0 GiB·h", "1.0 MiB", "1"), row(r, "total"));
    }

    @Test
    void usageWithoutOptionsAsksForTheDefaults() {
        api.answer("GET", "/api/v1/usage", 200, """
                {"user":"alice","from":"2026-11-01","to":"2026-12-01","days":[],
                 "totals":{"storedByteHours":0,"transferredBytes":0,"downloads":0}}""");

        Result r = run("usage");

        assertEquals(0, r.status(), r::toString);
        assertNull(api.last("GET").rawQuery());
        assertEquals("usage of alice from 2026-11-01 to 2026-12-01 (exclusive)", lines(r).get(0));
    }

    @Test
    void usageRefusesBadDatesBeforeAsking() {
        Result bad = run("usage", "--from", "1.11.2026");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("'1.11.2026' is not a date: write YYYY-MM-DD"), bad::toString);

        Result backwards = run("usage", "--from", "2026-11-03", "--to", "2026-11-03");
        assertEquals(2, backwards.status(), backwards::toString);
        assertTrue(backwards.err().contains("--to is exclusive"), backwards::toString);
        assertTrue(api.requests().stream().filter(q -> q.path().equals("/api/v1/usage")).toList().isEmpty());
    }

    // ------------------------------------------------------------------------------------------------ verify

    @Test
    void verifyListsEachCopyAndExitsNonZeroWhenOneIsNotIntact() {
        api.answer("POST", "/api/v1/images/img-7/verification", 200, """
                {"imgId":"img-7","ok":false,"size":3,"sha256":"abc","locations":[
                 {"location":"fs://images/img-7","store":"fs","status":"ok","size":3,"sha256":"abc","message":null},
                 {"location":"s3://images/img-7","store":"s3","status":"missing","size":null,"sha256":null,
                  "message":"the store has no such object"}]}""");

        Result r = run("verify", "img-7");

        assertEquals(1, r.status(), r::toString);
        assertEquals(List.of("fs://images/img-7", "fs", "ok", "3 B", "abc", "-"), row(r, "fs://images/img-7"));
        assertTrue(row(r, "s3://images/img-7").containsAll(List.of("s3", "missing")), r::toString);
        assertTrue(r.err().contains("1 of 2 copies are not intact"), r::toString);

        api.answer("POST", "/api/v1/images/img-8/verification", 200, """
                {"imgId":"img-8","ok":true,"size":3,"sha256":"abc","locations":[
                 {"location":"fs://images/img-8","store":"fs","status":"ok","size":3,"sha256":"abc","message":null}]}""");
        assertEquals(0, run("verify", "img-8").status());
    }

    // ------------------------------------------------------------------------------------------------ reconcile

    @Test
    void reconcileRepairsWhenToldAndListsTheDrift() {
        api.answer("POST", "/api/v1/usage/reconciliation", 200, """
                {"checkedUsers":4,"repaired":1,"drift":[{"username":"bob","recordedBytes":1048576,"actualBytes":0,
                 "recordedImages":1,"actualImages":0}]}""");

        Result r = run("reconcile", "--repair");

        assertEquals(0, r.status(), r::toString);
        assertEquals("repair=true", api.last("POST").rawQuery());
        assertEquals("checked 4 users: 1 with drift, 1 repaired", lines(r).get(0));
        assertEquals(List.of("bob", "1.0 MiB", "0 B", "1", "0"), row(r, "bob"));
    }

    @Test
    void reconcileWithoutRepairOnlyChecksAndSaysHowToRepair() {
        api.answer("POST", "/api/v1/usage/reconciliation", 200, """
                {"checkedUsers":1,"repaired":0,"drift":[{"username":"bob","recordedBytes":1,"actualBytes":0,
                 "recordedImages":1,"actualImages":0}]}""");

        Result r = run("reconcile");

        assertEquals("repair=false", api.last("POST").rawQuery());
        assertEquals("checked 1 user: 1 with drift (imagerepo reconcile --repair corrects them)", lines(r).get(0));
    }

    // ------------------------------------------------------------------------------------------------ rules

    @Test
    void ruleListAndShow() {
        api.answer("GET", "/api/v1/rules", 200, "{\"count\":1,\"rules\":[" + RULE + "]}");
        api.answer("GET", "/api/v1/rules/unused-images", 200, RULE);

        Result list = run("rule", "list");
        assertEquals(0, list.status(), list::toString);
        assertEquals(List.of("unused-images", "true", "true", "Removes images nobody downloaded for a while"),
                row(list, "unused-images"));

        Result show = run("rule", "show", "unused-images");
        assertEquals(0, show.status(), show::toString);
        assertEquals(List.of("dryRun", "true"), row(show, "dryRun"));
        assertTrue(show.out().contains("settings\n"), show::toString);
        assertTrue(show.out().lines().anyMatch(l -> l.matches("  unusedDays +90")), show::toString);
        assertTrue(show.out().lines().anyMatch(l -> l.matches("  schedule +PT1H")), show::toString);
    }

    @Test
    void ruleSetSendsOnlyTheChangesWithValuesAsTheRuleHasThem() throws IOException {
        api.answer("GET", "/api/v1/rules/unused-images", 200, RULE);
        api.answer("PATCH", "/api/v1/rules/unused-images", 200, RULE.replace("\"enabled\":true", "\"enabled\":false"));

        Result r = run("rule", "set", "unused-images", "--disable", "--dry-run", "false", "unusedDays=60",
                "notify=false", "schedule=PT2H");

        assertEquals(0, r.status(), r::toString);
        JsonNode sent = json.readTree(api.last("PATCH").body());
        assertFalse(sent.get("enabled").asBoolean());
        assertFalse(sent.get("dryRun").asBoolean());
        // The API gives every setting as text (Rule.settings), and takes it so.
        assertEquals("60", sent.get("settings").get("unusedDays").textValue(), sent.toString());
        assertEquals("false", sent.get("settings").get("notify").textValue(), sent.toString());
        assertEquals("PT2H", sent.get("settings").get("schedule").asText());
        assertEquals(List.of("enabled", "false"), row(r, "enabled"));
    }

    @Test
    void ruleSetWithoutSettingsDoesNotReadTheRuleFirst() throws IOException {
        api.answer("PATCH", "/api/v1/rules/quota", 200, RULE);

        Result r = run("rule", "set", "quota", "--enable");

        assertEquals(0, r.status(), r::toString);
        assertEquals("{\"enabled\":true}", api.last("PATCH").bodyText());
        assertTrue(api.requests().stream().noneMatch(q -> q.method().equals("GET")), "the rule is not read first");
    }

    @Test
    void ruleSetRefusesNonsenseLocallyAndPrintsTheServicesRefusals() {
        api.answer("GET", "/api/v1/rules/unused-images", 200, RULE);
        api.answer("PATCH", "/api/v1/rules/unused-images", 400, """
                {"type":"https://imagerepo.org/problems/invalid-rule-change","title":"Bad request","status":400,
                 "detail":"rule unused-images has no setting 'colour'; its settings are: unusedDays, notify, schedule"}""");

        assertEquals(2, run("rule", "set", "unused-images").status(), "nothing to change");
        assertEquals(2, run("rule", "set", "unused-images", "--enable", "--disable").status());
        Result notKv = run("rule", "set", "unused-images", "unusedDays");
        assertEquals(2, notKv.status());
        assertTrue(notKv.err().contains("'unusedDays' is not KEY=VALUE"), notKv::toString);
        assertTrue(api.requests().stream().noneMatch(q -> q.method().equals("PATCH")));

        Result unknown = run("rule", "set", "unused-images", "colour=red");
        assertEquals(1, unknown.status(), unknown::toString);
        assertEquals("imagerepo: rule unused-images has no setting 'colour'; its settings are: unusedDays, notify, "
                + "schedule\n", unknown.err());
    }

    @Test
    void ruleRunAsksForADryRunAndListsTheActions() {
        api.answer("POST", "/api/v1/rules/unused-images/runs", 200, "{\"rule\":\"unused-images\",\"dryRun\":true,"
                + "\"startedAt\":\"2026-12-01T08:00:00Z\",\"count\":1,\"actions\":[" + ACTION + "]}");

        Result r = run("rule", "run", "unused-images", "--dry-run");

        assertEquals(0, r.status(), r::toString);
        assertEquals("dryRun=true", api.last("POST").rawQuery());
        assertEquals(List.of("2026-12-01T08:00:00Z", "unused-images", "img-1", "remove-image", "dry-run",
                "not downloaded for 120 days", "-"), row(r, "2026-12-01T08:00:00Z"));
    }

    // ------------------------------------------------------------------------------------------------ actions

    @Test
    void actionsPassTheFiltersAndPrintATable() {
        api.answer("GET", "/api/v1/actions", 200, "{\"count\":1,\"actions\":[" + ACTION + "]}");

        Result r = run("actions", "--rule", "unused-images", "--subject", "img-1", "--limit", "5");

        assertEquals(0, r.status(), r::toString);
        assertEquals("rule=unused-images&subject=img-1&limit=5", api.last("GET").rawQuery());
        assertEquals(List.of("at", "rule", "subject", "action", "outcome", "reason", "detail"), row(r, "at"));
        assertEquals("dry-run", row(r, "2026-12-01T08:00:00Z").get(4));
    }

    @Test
    void noActionsSaySo() {
        api.answer("GET", "/api/v1/actions", 200, "{\"count\":0,\"actions\":[]}");

        Result r = run("actions");

        assertEquals("(no actions)\n", r.out());
    }

    @Test
    void reservationsPrintTheirState() throws IOException {
        api.answer("GET", "/api/v1/reservations", 200, """
                {"count":1,"reservations":[{"reservationId":"r-1","imageId":"img-1","target":"s3",
                  "start":"2026-12-02T00:00:00Z","end":"2026-12-03T00:00:00Z","cancelled":false,"state":"staged",
                  "location":"s3://images/img-1","madeByUs":true,"attempts":1,"lastError":null,
                  "receivedAt":"2026-12-01T00:00:00Z","updatedAt":"2026-12-01T23:00:00Z"}]}""");

        Result r = run("reservations");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("r-1", "img-1", "s3", "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z", "staged",
                "s3://images/img-1", "-"), row(r, "r-1"));

        JsonNode asJson = json.readTree(run("reservations", "-o", "json").out());
        assertEquals("staged", asJson.get(0).get("state").asText());
    }

    // ------------------------------------------------------------------------------------------------ quota

    @Test
    void putOverQuotaPrintsTheQuotaMessageExitsOneAndLeavesNoImage() throws IOException {
        api.answer("POST", "/api/v1/images", 201, CannedAnswers.IMAGE);
        api.answer("DELETE", "/api/v1/images/img-1", 204, "");
        api.answer("POST", "/api/v1/images/img-1/uploads", 413, """
                {"type":"https://imagerepo.org/problems/quota-exceeded","title":"Quota exceeded","status":413,
                 "detail":"uploading 64.0 KiB would exceed alice's quota of 8.0 GiB (8.0 GiB used, 0 B reserved)",
                 "quota":8589934592,"usedBytes":8589934592,"reservedBytes":0,"requestedBytes":65536}""");
        Path f = Files.write(tmp.resolve("disk.img"), new byte[65536]);

        Result r = run("put", f.toString());

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: uploading 64.0 KiB would exceed alice's quota of 8.0 GiB (8.0 GiB used, 0 B "
                + "reserved)\n", r.err());
        assertEquals("", r.out());
        assertEquals("/api/v1/images/img-1", api.last("DELETE").path(), "the registered image was removed again");
    }
}

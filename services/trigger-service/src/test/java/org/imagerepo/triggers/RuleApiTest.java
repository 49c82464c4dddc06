package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import org.imagerepo.triggers.rules.Rules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.imagerepo.triggers.TriggerApi.ACTIONS;
import static org.imagerepo.triggers.TriggerApi.PROBLEM;
import static org.imagerepo.triggers.TriggerApi.RESERVATIONS;
import static org.imagerepo.triggers.TriggerApi.RULES;
import static org.imagerepo.triggers.TriggerApi.asAdmin;
import static org.imagerepo.triggers.TriggerApi.asUser;

/** The rules' REST API: listing, validated changes that persist, runs, and who may use it. */
@NeedsServers
@QuarkusTest
class RuleApiTest {

    @AfterEach
    void restoreDefaults() {
        TriggerApi.resetRule(Rules.FAULTY_IMAGES, "stuck-after", "every");
        TriggerApi.resetRule(Rules.UNUSED_IMAGES);
    }

    @Test
    void theRulesAreListedWithTheirSettingsAndTheDefaultsOfTheConfiguration() {
        asAdmin().get(RULES).then().statusCode(200)
                .body("count", equalTo(4))
                .body("rules.name", containsInAnyOrder("quota", "faulty-images", "unused-images", "rain-prestaging"));
        asAdmin().get(RULES + "/unused-images").then().statusCode(200)
                .body("name", equalTo("unused-images")).body("kind", equalTo("scan"))
                .body("enabled", equalTo(true)).body("dryRun", equalTo(false))
                .body("settings.unused-after", equalTo("P90D")).body("settings.grace-period", equalTo("P7D"))
                .body("settings.protected-tag", equalTo("protected"));
        asAdmin().get(RULES + "/rain-prestaging").then().statusCode(200)
                .body("kind", equalTo("events")).body("settings.lead-time", equalTo("PT1H"));
    }

    @Test
    void aValidChangeIsKeptAndANullSettingGoesBackToItsDefault() {
        asAdmin().body(Map.of("dryRun", true, "settings", Map.of("stuck-after", "2s")))
                .patch(RULES + "/faulty-images").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("settings.stuck-after", equalTo("2s"))
                .body("settings.failed-after", equalTo("10m"));
        asAdmin().get(RULES + "/faulty-images").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("settings.stuck-after", equalTo("2s"));

        java.util.HashMap<String, Object> reset = new java.util.HashMap<>();
        reset.put("stuck-after", null);
        asAdmin().body(Map.of("settings", reset)).patch(RULES + "/faulty-images").then().statusCode(200)
                .body("settings.stuck-after", equalTo("1h")).body("dryRun", equalTo(true));
    }

    @Test
    void unknownFieldsUnknownSettingsBadDurationsAndBadBooleansAreRefusedNamingThemAndChangeNothing() {
        asAdmin().body(Map.of("enabled", "yes", "dryrun", true,
                        "settings", Map.of("every", "soon", "grace", "P1D", "grace-period", "-P1D")))
                .patch(RULES + "/unused-images").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://imagerepo.org/problems/invalid-rule-change"))
                .body("detail", allOf(containsString("unknown field dryrun"), containsString("enabled must be true or false, not 'yes'"),
                        containsString("setting every: 'soon' is not a duration"), containsString("unknown setting grace"),
                        containsString("setting grace-period: '-P1D' is negative")));
        asAdmin().body(Map.of("settings", Map.of("every", "0s")))
                .patch(RULES + "/unused-images").then().statusCode(400)
                .body("detail", containsString("every: '0s' is zero"));
        asAdmin().body(Map.of("settings", Map.of("lead-time", "PT1H")))
                .patch(RULES + "/quota").then().statusCode(400).body("detail", containsString("unknown setting lead-time (rule quota has no settings)"));
        asAdmin().body(Map.of()).patch(RULES + "/quota").then().statusCode(400).body("type", containsString("empty-change"));
        asAdmin().get(RULES + "/unused-images").then().statusCode(200)
                .body("enabled", equalTo(true)).body("settings.every", equalTo("P1000D"))
                .body("settings.grace-period", equalTo("P7D"));
    }

    @Test
    void onlyTheScanningRulesCanBeRun() {
        asAdmin().post(RULES + "/quota/runs").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("Rule quota reacts to events and cannot be run"));
        asAdmin().post(RULES + "/rain-prestaging/runs").then().statusCode(409)
                .body("detail", containsString("Rule rain-prestaging reacts to events and cannot be run"));
        asAdmin().post(RULES + "/nope/runs").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("There is no rule nope"));
        asAdmin().queryParam("dryRun", "maybe").post(RULES + "/faulty-images/runs").then().statusCode(400)
                .body("detail", containsString("dryRun must be true or false"));
    }

    @Test
    void aDisabledScanCanOnlyBeDryRun() {
        asAdmin().body(Map.of("enabled", false)).patch(RULES + "/unused-images").then().statusCode(200)
                .body("enabled", equalTo(false));
        asAdmin().post(RULES + "/unused-images/runs").then().statusCode(409).body("detail", containsString("is disabled"));
        asAdmin().queryParam("dryRun", "true").post(RULES + "/unused-images/runs").then().statusCode(200)
                .body("rule", equalTo("unused-images")).body("dryRun", equalTo(true));
    }

    @Test
    void nonAdminsAreRefusedAndRequestsWithoutTheGatewaysIdentityAreUnauthorized() {
        for (String path : new String[]{RULES, RULES + "/quota", ACTIONS, RESERVATIONS}) {
            asUser("alice").get(path).then().statusCode(403).contentType(PROBLEM)
                    .body("detail", containsString("Only repository administrators"));
            given().get(path).then().statusCode(401).contentType(PROBLEM);
        }
        asUser("alice").body(Map.of("enabled", false)).patch(RULES + "/quota").then().statusCode(403);
        asUser("alice").post(RULES + "/faulty-images/runs").then().statusCode(403);
        given().header(TestIdentities.HEADER, TestIdentities.withStatus("root2", org.imagerepo.support.identity.UserStatus.PENDING))
                .get(RULES).then().statusCode(403);
        asAdmin().get(RULES + "/quota").then().statusCode(200);
    }

    @Test
    void readinessReportsTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("database ")));
    }

    @Test
    void badPagesAreRefused() {
        asAdmin().queryParam("limit", 0).get(ACTIONS).then().statusCode(400).body("type", containsString("invalid-page"));
        asAdmin().queryParam("state", "lost").get(RESERVATIONS).then().statusCode(400)
                .body("detail", containsString("state must be one of scheduled, staging"));
    }
}

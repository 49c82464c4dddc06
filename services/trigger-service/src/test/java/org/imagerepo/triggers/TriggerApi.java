package org.imagerepo.triggers;

import io.restassured.specification.RequestSpecification;
import org.imagerepo.testsupport.TestIdentities;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Talking to trigger-service in tests as the gateway would: with identities it signed (the demo key). */
public final class TriggerApi {

    public static final String RULES = "/api/v1/rules";
    public static final String ACTIONS = "/api/v1/actions";
    public static final String RESERVATIONS = "/api/v1/reservations";
    public static final String PROBLEM = "application/problem+json";

    private TriggerApi() {
    }

    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static RequestSpecification asAdmin() {
        return given().header(TestIdentities.HEADER, TestIdentities.admin("root")).contentType("application/json");
    }

    public static RequestSpecification asUser(String name) {
        return given().header(TestIdentities.HEADER, TestIdentities.user(name)).contentType("application/json");
    }

    /** The actions about {@code subject}, newest first. */
    public static List<Map<String, Object>> actionsAbout(String subject) {
        return asAdmin().queryParam("subject", subject).queryParam("limit", 1000).get(ACTIONS).then().statusCode(200)
                .extract().jsonPath().getList("actions");
    }

    /** The action names about {@code subject}, oldest first. */
    public static List<String> actionNames(String subject) {
        List<Map<String, Object>> actions = new java.util.ArrayList<>(actionsAbout(subject));
        java.util.Collections.reverse(actions);
        return actions.stream().map(a -> (String) a.get("action")).toList();
    }

    /** Puts a rule back to its defaults of application.properties (tests share one database between runs). */
    public static void resetRule(String rule, String... settings) {
        Map<String, Object> reset = new HashMap<>();
        for (String key : settings) {
            reset.put(key, null);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("dryRun", false);
        if (settings.length > 0) {
            body.put("settings", reset);
        }
        asAdmin().body(body).patch(RULES + "/" + rule).then().statusCode(200);
    }

    public static void setting(String rule, String key, String value) {
        asAdmin().body(Map.of("settings", Map.of(key, value))).patch(RULES + "/" + rule).then().statusCode(200);
    }
}

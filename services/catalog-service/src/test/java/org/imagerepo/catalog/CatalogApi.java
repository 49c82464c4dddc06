package org.imagerepo.catalog;

import io.restassured.specification.RequestSpecification;
import org.imagerepo.testsupport.TestIdentities;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Small helpers for talking to the catalog in tests as the gateway would: with an identity it signed. */
public final class CatalogApi {

    private CatalogApi() {
    }

    /** An activated user in {@code groups}. */
    public static RequestSpecification as(String user, String... groups) {
        return given().header(TestIdentities.HEADER, TestIdentities.user(user, groups)).contentType("application/json");
    }

    /** An activated repository administrator. */
    public static RequestSpecification asAdmin(String admin) {
        return given().header(TestIdentities.HEADER, TestIdentities.admin(admin)).contentType("application/json");
    }

    public static String register(String user, Map<String, Object> metadata) {
        return as(user).body(metadata).post("/api/v1/images").then().statusCode(201).extract().path("imgId");
    }
}

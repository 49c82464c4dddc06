package org.imagerepo.catalog;

import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Small helpers for talking to the catalog as a given user in tests. */
public final class CatalogApi {

    private CatalogApi() {
    }

    public static RequestSpecification as(String user) {
        return given().header("X-Imagerepo-User", user).contentType("application/json");
    }

    public static String register(String user, Map<String, Object> metadata) {
        return as(user).body(metadata).post("/api/v1/images").then().statusCode(201).extract().path("imgId");
    }
}

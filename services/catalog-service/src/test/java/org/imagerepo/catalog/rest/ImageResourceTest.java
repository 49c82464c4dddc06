package org.imagerepo.catalog.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.ImageRegistered;
import org.imagerepo.events.ImageUpdated;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TopicWatcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.imagerepo.catalog.CatalogApi.as;
import static org.imagerepo.catalog.CatalogApi.register;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The catalog's REST contract against real PostgreSQL and Kafka. */
@NeedsServers
@QuarkusTest
class ImageResourceTest {

    private static String user() {
        return "u" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registeringAppliesTheOriginalDefaultsAndAnnouncesTheImage() {
        String alice = user();
        try (TopicWatcher images = new TopicWatcher(Topics.IMAGES)) {
            String id = as(alice).body(Map.of("name", "base", "os", "ubuntu")).post("/api/v1/images")
                    .then().statusCode(201)
                    .header("Location", containsString("/api/v1/images/"))
                    .body("owner", equalTo(alice))
                    .body("vmType", equalTo("none")).body("imgType", equalTo("machine"))
                    .body("permission", equalTo("private")).body("imgStatus", equalTo("pending"))
                    .body("accessCount", equalTo(0)).body("size", nullValue())
                    .extract().path("imgId");
            ImageRegistered event = (ImageRegistered) EventCodec.decode(
                    images.await(r -> r.key().equals(id), Duration.ofSeconds(10)).value()).orElseThrow();
            assertEquals(alice, event.owner());
        }
    }

    @Test
    void anInvalidValueNamesTheAllowedOnes() {
        as(user()).body(Map.of("vmType", "hyperv")).post("/api/v1/images")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("none, xen, kvm, virtualbox, vmware"));
    }

    @Test
    void anArrayWhereAnObjectBelongsIsAProblemThatSaysSo() {
        as(user()).body("[{\"name\": \"base\"}]").post("/api/v1/images")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("The request body must be a JSON object, not an array."));
    }

    @Test
    void systemFieldsCannotBeGivenOrModified() {
        String alice = user();
        as(alice).body(Map.of("size", 5)).post("/api/v1/images")
                .then().statusCode(400).body("detail", containsString("'size' is set by the system"));
        String id = register(alice, Map.of());
        for (String field : List.of("size", "owner", "accessCount", "imgURI", "lastAccess", "imgId", "sha256")) {
            as(alice).body(Map.of(field, "x")).patch("/api/v1/images/" + id)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("'" + field + "' is set by the system"));
        }
        as(alice).body(Map.of("colour", "blue")).patch("/api/v1/images/" + id)
                .then().statusCode(400).body("detail", containsString("Unknown field 'colour'"));
    }

    @Test
    void modifyChangesEditableFieldsAndAnnouncesOnlyWhatChanged() {
        String alice = user();
        String id = register(alice, Map.of("os", "centos"));
        try (TopicWatcher images = new TopicWatcher(Topics.IMAGES)) {
            as(alice).body(Map.of("os", "centos", "tag", List.of("hadoop", "mpi"), "vmType", "KVM"))
                    .patch("/api/v1/images/" + id)
                    .then().statusCode(200).body("tag", equalTo(List.of("hadoop", "mpi"))).body("vmType", equalTo("kvm"));
            ImageUpdated event = (ImageUpdated) EventCodec.decode(
                    images.await(r -> r.key().equals(id) && r.value().contains("ImageUpdated"), Duration.ofSeconds(10))
                            .value()).orElseThrow();
            assertEquals(Map.of("tag", List.of("hadoop", "mpi"), "vmType", "kvm"), event.changes());
        }
    }

    @Test
    void aBadChangeChangesNothing() {
        String alice = user();
        String id = register(alice, Map.of("os", "centos"));
        as(alice).body(Map.of("os", "debian", "permission", "secret")).patch("/api/v1/images/" + id)
                .then().statusCode(400);
        as(alice).get("/api/v1/images/" + id).then().body("os", equalTo("centos"));
    }

    @Test
    void statusCanBeSetOnlyOnceTheBytesAreThere() {
        String alice = user();
        String id = register(alice, Map.of());
        as(alice).body(Map.of("imgStatus", "locked")).patch("/api/v1/images/" + id)
                .then().statusCode(409).body("detail", containsString("once its bytes are uploaded"));
        as(alice).body(Map.of("imgStatus", "pending")).patch("/api/v1/images/" + id)
                .then().statusCode(400);
    }

    @Test
    void onlyAnAdminMarksAnImageFailed() {
        String alice = user();
        String id = register(alice, Map.of());
        as(alice).body(Map.of("imgStatus", "failed")).patch("/api/v1/images/" + id)
                .then().statusCode(400).body("detail", containsString("an admin may mark an image 'failed'"));
        org.imagerepo.catalog.CatalogApi.asAdmin(user()).body(Map.of("imgStatus", "failed")).patch("/api/v1/images/" + id)
                .then().statusCode(200).body("imgStatus", equalTo("failed"));
    }

    @Test
    void privateImagesAreInvisibleToOthersAndOnlyOwnersChangeThem() {
        String alice = user();
        String bob = user();
        String secret = register(alice, Map.of("name", "secret"));
        String shared = register(alice, Map.of("name", "shared", "permission", "public"));
        as(bob).get("/api/v1/images/" + secret).then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString(secret));
        as(bob).get("/api/v1/images/" + shared).then().statusCode(200);
        as(bob).queryParam("q", "*").get("/api/v1/images")
                .then().body("images.imgId", not(hasItem(secret))).body("images.imgId", hasItem(shared));
        as(bob).body(Map.of("os", "x")).patch("/api/v1/images/" + shared).then().statusCode(403)
                .body("detail", containsString("Only the owner"));
        as(bob).delete("/api/v1/images/" + shared).then().statusCode(403);
        as(bob).delete("/api/v1/images/" + secret).then().statusCode(404);
    }

    @Test
    void theQueryLanguageFiltersAndProjects() {
        String alice = user();
        String ubuntu = register(alice, Map.of("name", "u", "os", "Ubuntu 24.04", "tag", List.of("hadoop", "mpi"), "vmType", "kvm"));
        String redhat = register(alice, Map.of("name", "r", "os", "redhat", "tag", List.of("hadoop"), "vmType", "xen"));
        register(alice, Map.of("name", "d", "os", "debian", "tag", List.of("web")));
        as(alice).queryParam("q", "* where os=ubuntu").get("/api/v1/images")
                .then().statusCode(200).body("count", equalTo(1)).body("images[0].imgId", equalTo(ubuntu));
        as(alice).queryParam("q", "* where os=redhat, tag=hadoop").get("/api/v1/images")
                .then().body("count", equalTo(1)).body("images[0].imgId", equalTo(redhat));
        as(alice).queryParam("q", "* where tag=^hadoop$").get("/api/v1/images")
                .then().body("count", equalTo(2));
        as(alice).queryParam("q", "name,os where vmType=kvm|xen").get("/api/v1/images")
                .then().body("fields", equalTo(List.of("name", "os"))).body("count", equalTo(2))
                .body("images[0]", equalTo(Map.of("name", "u", "os", "Ubuntu 24.04")));
        as(alice).queryParam("q", "* where owner=" + alice + ", os=^(ubuntu|debian)").get("/api/v1/images")
                .then().body("count", equalTo(2));
    }

    @Test
    void malformedQueriesAnswerWithWhereAndWhat() {
        as(user()).queryParam("q", "* where os=").get("/api/v1/images")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("mpty value"));
        as(user()).queryParam("q", "* where colour=red").get("/api/v1/images")
                .then().statusCode(400).body("detail", containsString("Unknown field 'colour'"));
        as(user()).queryParam("q", "* where os=(a+)+$").get("/api/v1/images")
                .then().statusCode(400).body("detail", containsString("os"));
        as(user()).queryParam("q", "* where").get("/api/v1/images")
                .then().statusCode(400).body("detail", containsString("position"));
    }

    @Test
    void sqlInUserTextIsJustText() {
        String alice = user();
        register(alice, Map.of("os", "x'; DROP TABLE images; --"));
        as(alice).queryParam("q", "* where os=\"x'; DROP TABLE images; --\"").get("/api/v1/images")
                .then().statusCode(200).body("count", equalTo(1));
        as(alice).queryParam("q", "* where os=' OR 'a' LIKE 'a' --").get("/api/v1/images")
                .then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void unknownIdsAndMissingUsersGetProblems() {
        as(user()).get("/api/v1/images/does-not-exist").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Not found"));
        io.restassured.RestAssured.given().get("/api/v1/images").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("through the gateway"));
        // A header the gateway did not sign (here: a bare user name, as the walking skeleton took it).
        io.restassured.RestAssured.given().header(org.imagerepo.testsupport.TestIdentities.HEADER, "alice")
                .get("/api/v1/images").then().statusCode(401).contentType("application/problem+json");
        for (org.imagerepo.support.identity.UserStatus status : java.util.List.of(
                org.imagerepo.support.identity.UserStatus.PENDING, org.imagerepo.support.identity.UserStatus.DEACTIVATED)) {
            io.restassured.RestAssured.given().header(org.imagerepo.testsupport.TestIdentities.HEADER,
                            org.imagerepo.testsupport.TestIdentities.withStatus(user(), status))
                    .get("/api/v1/images").then().statusCode(403).body("detail", containsString(status.wire()));
        }
    }

    @Test
    void removingAnnouncesTheDeletion() {
        String alice = user();
        String id = register(alice, Map.of());
        try (TopicWatcher images = new TopicWatcher(Topics.IMAGES)) {
            as(alice).delete("/api/v1/images/" + id).then().statusCode(204);
            ImageDeleted event = (ImageDeleted) EventCodec.decode(images.await(
                    r -> r.key().equals(id) && r.value().contains("ImageDeleted"), Duration.ofSeconds(10)).value()).orElseThrow();
            assertEquals(alice, event.owner());
        }
        as(alice).get("/api/v1/images/" + id).then().statusCode(404);
    }

    @Test
    void pagingIsBoundedAndChecked() {
        as(user()).queryParam("limit", 0).get("/api/v1/images").then().statusCode(400);
        as(user()).queryParam("limit", 5000).get("/api/v1/images").then().statusCode(400)
                .body("detail", containsString("limit"));
    }
}

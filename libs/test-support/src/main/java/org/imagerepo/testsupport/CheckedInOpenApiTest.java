package org.imagerepo.testsupport;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The service's OpenAPI document, as its code generates it at {@code /q/openapi}, is the one checked in as
 * {@code docs/api/SERVICE.yaml} (ADR 20): a change of the API shows as a change of that file in review, and the
 * client's tests validate their canned answers against it. A service's test is a {@code @QuarkusTest} subclass.
 * Run with {@code -Dimagerepo.openapi.update=true} to write the generated document over the checked-in one.
 */
public abstract class CheckedInOpenApiTest {

    /** Set to {@code true} to refresh the checked-in document instead of comparing with it. */
    public static final String UPDATE_PROPERTY = "imagerepo.openapi.update";

    private final String service;

    protected CheckedInOpenApiTest(String service) {
        this.service = service;
    }

    @Test
    void theCheckedInDocumentIsTheOneTheCodeGenerates() throws IOException, InterruptedException {
        String testUrl = ConfigProvider.getConfig().getValue("test.url", String.class);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(testUrl + "/q/openapi")).header("Accept", "application/yaml").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        String generated = answer.body().endsWith("\n") ? answer.body() : answer.body() + "\n";
        Path checkedIn = ApiDocuments.directory().resolve(service + ".yaml");
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(checkedIn.getParent());
            Files.writeString(checkedIn, generated);
            return;
        }
        String refresh = "If the change is meant, refresh the document and review its diff: "
                + "mvn -pl services/" + service + " -am verify -Dtest=" + getClass().getSimpleName()
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";
        if (!Files.exists(checkedIn)) {
            fail(checkedIn + " is missing. " + refresh);
        }
        String expected = Files.readString(checkedIn);
        if (!expected.equals(generated)) {
            fail("The OpenAPI document " + service + " generates from its code differs from " + checkedIn + " "
                    + firstDifference(expected, generated) + ". " + refresh);
        }
    }

    private static String firstDifference(String expected, String generated) {
        List<String> was = expected.lines().toList();
        List<String> is = generated.lines().toList();
        for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
            String before = i < was.size() ? was.get(i) : "(end of file)";
            String now = i < is.size() ? is.get(i) : "(end of file)";
            if (!before.equals(now)) {
                return "at line " + (i + 1) + ": checked in '" + before.strip() + "', generated '" + now.strip() + "'";
            }
        }
        return "in its line endings";
    }
}

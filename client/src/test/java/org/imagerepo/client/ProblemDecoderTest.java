package org.imagerepo.client;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How a refusal becomes the exception a caller sees, and its message the sentence a person reads. */
class ProblemDecoderTest {

    private static final String PROBLEM = "application/problem+json";

    private static ImageRepoException decode(CannedResponse answer) {
        return ProblemDecoder.decode(answer, answer.body());
    }

    @Test
    void aProblemDocumentGivesTheTypedExceptionWithItsTypeTitleAndDetail() {
        ImageRepoException e = decode(CannedResponse.of(404, """
                {"type":"https://imagerepo.org/problems/not-found","title":"Not Found","status":404,
                 "detail":"image abc not found"}""", "Content-Type", PROBLEM));

        assertInstanceOf(NotFoundException.class, e);
        assertEquals("image abc not found", e.getMessage());
        assertEquals(URI.create("https://imagerepo.org/problems/not-found"), e.type());
        assertEquals("Not Found", e.title());
        assertEquals(404, e.status());
    }

    @Test
    void withoutADetailTheMessageMemberThenTheTitleStandIn() {
        ImageRepoException message = decode(CannedResponse.of(400, "{\"message\":\"tag must be a list\"}",
                "Content-Type", "application/json"));
        ImageRepoException title = decode(CannedResponse.of(409, "{\"title\":\"Conflict\",\"detail\":\" \"}",
                "Content-Type", PROBLEM));

        assertInstanceOf(BadRequestException.class, message);
        assertEquals("tag must be a list", message.getMessage());
        assertInstanceOf(ConflictException.class, title);
        assertEquals("Conflict", title.getMessage());
    }

    @Test
    void aBodyThatLooksLikeAProblemIsReadWhateverItsContentType() {
        ImageRepoException e = decode(CannedResponse.of(403, "  {\"detail\":\"not yours\"}",
                "Content-Type", "text/plain"));

        assertInstanceOf(ForbiddenException.class, e);
        assertEquals("not yours", e.getMessage());
    }

    @Test
    void aShortPlainTextIsTheMessageAndAnythingElseNamesTheStatusAndTheRequest() {
        assertEquals("upstream connect error", decode(CannedResponse.of(503, "upstream connect error\n",
                "Content-Type", "text/plain")).getMessage());
        assertEquals("imagerepo answered 502 Bad Gateway to GET /api/v1/images/abc",
                decode(CannedResponse.of(502, "<html>Bad Gateway</html>", "Content-Type", "text/html")).getMessage());
        assertEquals("imagerepo answered 500 Internal Server Error to GET /api/v1/images/abc",
                decode(CannedResponse.of(500, "x".repeat(301))).getMessage());
        assertEquals("imagerepo answered 418 to GET /api/v1/images/abc",
                decode(CannedResponse.of(418, "")).getMessage());
    }

    @Test
    void aProblemDocumentCutShortIsNotShownAsText() {
        ImageRepoException e = decode(CannedResponse.of(400, "{\"detail\":", "Content-Type", PROBLEM));

        assertEquals("imagerepo answered 400 Bad Request to GET /api/v1/images/abc", e.getMessage());
    }

    @Test
    void aTypeThatIsNotAUriIsLeftOut() {
        ImageRepoException e = decode(CannedResponse.of(422, "{\"type\":\"not a uri\",\"detail\":\"bad size\"}",
                "Content-Type", PROBLEM));

        assertNull(e.type());
        assertEquals("bad size", e.getMessage());
        assertEquals(ImageRepoException.Kind.BAD_REQUEST, e.kind());
    }

    @Test
    void aBare401SaysWhyFromItsChallengeOrElseNamesTheStatus() {
        ImageRepoException described = decode(CannedResponse.of(401, "", "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"the token has expired\""));
        ImageRepoException bare = decode(CannedResponse.of(401, "",
                "WWW-Authenticate", "Bearer realm=\"imagerepo\""));

        assertInstanceOf(UnauthorizedException.class, described);
        assertEquals("the token has expired", described.getMessage());
        assertEquals("imagerepo answered 401 Unauthorized to GET /api/v1/images/abc", bare.getMessage());
    }

    @Test
    void aRedirectSaysWhereToAndThatItWasNotFollowed() {
        ImageRepoException e = decode(CannedResponse.of(301, "",
                "Location", "https://imagerepo.example/api/v1/images/abc"));

        assertEquals("imagerepo answered 301 to GET /api/v1/images/abc, a redirect to "
                + "https://imagerepo.example/api/v1/images/abc (not followed, it would carry your token): use the URL "
                + "of the gateway itself", e.getMessage());
    }

    @Test
    void aQuotaRefusalCarriesItsNumbersAndOnlyA413IsOne() {
        String quota = """
                {"type":"https://imagerepo.org/problems/quota-exceeded","title":"Quota exceeded",
                 "detail":"over quota","quota":100,"usedBytes":90,"reservedBytes":5,"requestedBytes":"a lot"}""";

        QuotaExceededException e = assertInstanceOf(QuotaExceededException.class,
                decode(CannedResponse.of(413, quota, "Content-Type", PROBLEM)));
        ImageRepoException notQuota = decode(CannedResponse.of(409, quota, "Content-Type", PROBLEM));

        assertEquals("over quota", e.getMessage());
        assertEquals(100L, e.quota());
        assertEquals(90L, e.usedBytes());
        assertEquals(5L, e.reservedBytes());
        assertNull(e.requestedBytes(), "a member that is not a number is left out");
        assertFalse(notQuota instanceof QuotaExceededException);
        assertInstanceOf(ConflictException.class, notQuota);
    }
}

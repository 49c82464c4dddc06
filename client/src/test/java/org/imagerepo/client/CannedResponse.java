package org.imagerepo.client;

import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An answer to {@code GET /api/v1/images/abc} made up in a test, for the code that reads answers. */
record CannedResponse(int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

    static final URI URI_ASKED = URI.create("http://127.0.0.1:8080/api/v1/images/abc");

    /** An answer of {@code status} with {@code body} and the headers given as name, value, name, value... */
    static CannedResponse of(int status, String body, String... headerNamesAndValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            headers.put(headerNamesAndValues[i], List.of(headerNamesAndValues[i + 1]));
        }
        return new CannedResponse(status, HttpHeaders.of(headers, (name, value) -> true), body);
    }

    @Override
    public HttpRequest request() {
        return HttpRequest.newBuilder(URI_ASKED).GET().build();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return URI_ASKED;
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}

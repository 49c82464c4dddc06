package org.imagerepo.client;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway as a unit test needs it: each route answers what the test canned, and each canned answer must be one
 * the public API document allows ({@link ApiContract}), so that the client's and the CLI's tests of their own logic
 * (what they send, how they read and print the answer) cannot drift from the real API. A route nobody canned
 * answers 404 naming itself, unless another answer is given for the rest.
 */
public final class CannedApi implements AutoCloseable {

    private record Canned(int status, String json) {
    }

    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final LoopbackServer.Answer otherwise;
    private final LoopbackServer server = new LoopbackServer(this::answer);

    public CannedApi() {
        this(null);
    }

    /** With {@code otherwise} answering what the test canned nothing for (a realm on the same port). */
    public CannedApi(LoopbackServer.Answer otherwise) {
        this.otherwise = otherwise;
    }

    /**
     * Answers {@code method path} (the path as sent, encoded, without the query) with {@code status} and {@code json}
     * (problem+json from 400 on); fails at once when the API could not answer so.
     */
    public CannedApi answer(String method, String path, int status, String json) {
        ApiContract.assertAnswer(method, path, status, json);
        answers.put(method + " " + path, new Canned(status, json));
        return this;
    }

    public String url() {
        return server.url();
    }

    /** Every request, in order. */
    public List<LoopbackServer.Request> requests() {
        synchronized (server.requests) {
            return List.copyOf(server.requests);
        }
    }

    /** The last request of {@code method}, or {@code null}. */
    public LoopbackServer.Request last(String method) {
        List<LoopbackServer.Request> all = requests();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).method().equals(method)) {
                return all.get(i);
            }
        }
        return null;
    }

    private void answer(LoopbackServer.Request request, HttpExchange exchange) throws IOException {
        Canned canned = answers.get(request.method() + " " + request.path());
        if (canned == null && otherwise != null) {
            otherwise.answer(request, exchange);
        } else if (canned == null) {
            LoopbackServer.json(exchange, 404, "{\"type\":\"https://imagerepo.org/problems/not-found\",\"title\":"
                    + "\"Not found\",\"status\":404,\"detail\":\"the test canned no answer to " + request.method()
                    + " " + request.path() + "\"}");
        } else {
            LoopbackServer.json(exchange, canned.status(), canned.json());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

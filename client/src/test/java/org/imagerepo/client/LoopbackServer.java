package org.imagerepo.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on an ephemeral loopback port that answers as a test says and keeps what it was asked: for the
 * narrow tests of the transport, the transfers and the sign-in, and under {@link CannedApi}.
 */
public final class LoopbackServer implements AutoCloseable {

    /** A request as it arrived: its body read whole. */
    public record Request(String method, String pathAndQuery, Headers headers, byte[] body) {

        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The path, still encoded. */
        public String path() {
            return pathAndQuery.split("\\?", 2)[0];
        }

        /** The query, still encoded, or {@code null}. */
        public String rawQuery() {
            String[] parts = pathAndQuery.split("\\?", 2);
            return parts.length == 2 ? parts[1] : null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Answers one request. */
    @FunctionalInterface
    public interface Answer {
        void answer(Request request, HttpExchange exchange) throws IOException;
    }

    /** The token of {@link #asGateway()}. */
    static final String TOKEN = "secret";

    public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;
    /** A thread per exchange: a test may hold one answer back while another goes out. */
    private final ExecutorService executor = Executors.newCachedThreadPool();

    public LoopbackServer(Answer answer) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                Headers headers = new Headers();
                headers.putAll(exchange.getRequestHeaders());
                Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        headers, in.readAllBytes());
                requests.add(request);
                answer.answer(request, exchange);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A transport that takes this server for the gateway and sends it the token {@value #TOKEN}. */
    Transport asGateway() {
        return new Transport(URI.create(url()), TokenSource.of(TOKEN), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Answers {@code status} with {@code json} as the body. */
    public static void json(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code status} with {@code body} and its length. */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

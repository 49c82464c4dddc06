package org.imagerepo.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for an OpenTelemetry collector: takes OTLP/HTTP protobuf exports ({@code POST /v1/traces}) on
 * loopback and keeps the spans' ids, names, kinds and services. It reads the few fields it needs straight off
 * the protobuf wire format, so the test needs no generated classes.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** One received span. Kind as in OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
    record Span(String service, String traceId, String spanId, String parentId, String name, int kind,
                java.util.Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    OtlpTraceReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                readExport(body.readAllBytes());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private void readExport(byte[] request) {
        for (Field f : fields(request)) {
            if (f.number == 1) {
                readResourceSpans(f.bytes);
            }
        }
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    // Resource { repeated KeyValue attributes = 1; }  ScopeSpans { repeated Span spans = 2; }
    private void readResourceSpans(byte[] resourceSpans) {
        String service = "?";
        List<byte[]> scopes = new ArrayList<>();
        for (Field f : fields(resourceSpans)) {
            if (f.number == 1) {
                for (Field attribute : fields(f.bytes)) {
                    if (attribute.number == 1) {
                        String[] kv = keyValue(attribute.bytes);
                        if ("service.name".equals(kv[0])) {
                            service = kv[1];
                        }
                    }
                }
            } else if (f.number == 2) {
                scopes.add(f.bytes);
            }
        }
        for (byte[] scope : scopes) {
            for (Field f : fields(scope)) {
                if (f.number == 2) {
                    spans.add(span(service, f.bytes));
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        repeated KeyValue attributes = 9; }
    private static Span span(String service, byte[] span) {
        String traceId = "", spanId = "", parentId = "", name = "";
        int kind = 0;
        java.util.Map<String, String> attributes = new java.util.HashMap<>();
        for (Field f : fields(span)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parentId = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.varint;
                case 9 -> {
                    String[] kv = keyValue(f.bytes);
                    if (kv[0] != null && kv[1] != null) {
                        attributes.put(kv[0], kv[1]);
                    }
                }
                default -> { }
            }
        }
        return new Span(service, traceId, spanId, parentId, name, kind, attributes);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; ... }
    private static String[] keyValue(byte[] keyValue) {
        String key = null, value = null;
        for (Field f : fields(keyValue)) {
            if (f.number == 1) {
                key = new String(f.bytes, StandardCharsets.UTF_8);
            } else if (f.number == 2) {
                for (Field v : fields(f.bytes)) {
                    if (v.number == 1) {
                        value = new String(v.bytes, StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return new String[] {key, value};
    }

    /** One field of a protobuf message: its number and either its varint or its length-delimited bytes. */
    private record Field(int number, long varint, byte[] bytes) {
    }

    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long tag = varint(message, at);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> fields.add(new Field(number, varint(message, at), null));
                case 1 -> at[0] += 8;
                case 2 -> {
                    int length = (int) varint(message, at);
                    ByteArrayOutputStream piece = new ByteArrayOutputStream(length);
                    piece.write(message, at[0], length);
                    at[0] += length;
                    fields.add(new Field(number, 0, piece.toByteArray()));
                }
                case 5 -> at[0] += 4;
                default -> throw new IllegalArgumentException("unsupported wire type in field " + number);
            }
        }
        return fields;
    }

    private static long varint(byte[] message, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = message[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}

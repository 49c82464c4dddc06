package org.imagerepo.perf.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.identity.IdentitySigner;
import org.imagerepo.support.identity.PemKeys;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The catalog benchmark's Java side (perf/catalog drives it):
 * <pre>
 *   load   --store postgres|mysql|mongo --url URL [--user U --password P] [--database DB] --images N [--from N] [--work DIR]
 *   time   --store NAME --variant before|after --catalog URL --key PEM --images N --runs R --warmup W --csv FILE
 *   report --csv FILE --md FILE [--title T]
 * </pre>
 * {@code time} signs each request's identity as the gateway does (the demo key) and calls catalog-service's
 * {@code GET /api/v1/images?q=} directly: the gateway adds a hop that is the same for every query.
 */
public final class CatalogBench {

    static final String CSV_HEADER = "store,variant,images,query_id,query,caller,runs,rows,p50_ms,p90_ms,p99_ms,max_ms";

    private CatalogBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            throw new IllegalArgumentException("usage: load|time|report --option value ...");
        }
        Map<String, String> a = options(argv);
        switch (argv[0]) {
            case "load" -> load(a);
            case "time" -> time(a);
            case "drop-mongo-indexes" -> {
                try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(a.get("url"))) {
                    var images = client.getDatabase(a.get("database")).getCollection("images");
                    for (org.bson.Document index : images.listIndexes()) {
                        String name = index.getString("name");
                        if (!Set.of("_id_", "owner_1", "createdDate_1__id_1", "pending_1").contains(name)) {
                            images.dropIndex(name);
                        }
                    }
                }
            }
            case "report" -> Files.writeString(Path.of(a.get("md")), Report.markdown(Files.readAllLines(Path.of(a.get("csv"))),
                    a.getOrDefault("title", "Catalog at scale")));
            default -> throw new IllegalArgumentException("unknown command " + argv[0]);
        }
    }

    static Map<String, String> options(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --option value at " + argv[i]);
            }
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        return a;
    }

    private static void load(Map<String, String> a) throws Exception {
        long images = Long.parseLong(a.get("images"));
        long from = Long.parseLong(a.getOrDefault("from", "0"));
        long t0 = System.nanoTime();
        switch (a.get("store")) {
            case "postgres" -> Loader.postgres(a.get("url"), a.get("user"), a.get("password"), from, images);
            case "mysql" -> Loader.mariadb(a.get("url"), a.get("user"), a.get("password"), from, images,
                    Path.of(a.getOrDefault("work", "target/catalog-load")));
            case "mongo" -> Loader.mongo(a.get("url"), a.get("database"), from, images);
            default -> throw new IllegalArgumentException("store: postgres, mysql or mongo");
        }
        System.err.printf("loaded %,d images into %s in %.0f s%n", images, a.get("store"), (System.nanoTime() - t0) / 1e9);
    }

    private static void time(Map<String, String> a) throws Exception {
        IdentitySigner signer = new IdentitySigner(PemKeys.privateKey(a.get("key")));
        long images = Long.parseLong(a.get("images"));
        int runs = Integer.parseInt(a.getOrDefault("runs", "100"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        String only = a.get("only");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        Path csv = Path.of(a.get("csv"));
        if (!Files.exists(csv)) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.writeString(csv, CSV_HEADER + "\n");
        }
        for (QuerySet.Entry q : QuerySet.of(images)) {
            if (only != null && !Set.of(only.split(",")).contains(q.id())) {
                continue;
            }
            URI uri = URI.create(a.get("catalog") + "/api/v1/images?q=" + URLEncoder.encode(q.query(), StandardCharsets.UTF_8));
            List<Double> ms = new ArrayList<>();
            int rows = -1;
            int timeouts = 0;
            for (int i = 0; i < warmup + runs; i++) {
                String identity = q.admin() ? signer.sign(q.user(), Set.of(), Role.ADMIN, UserStatus.ACTIVATED)
                        : signer.sign(q.user(), Set.copyOf(q.groups()), Role.USER, UserStatus.ACTIVATED);
                HttpRequest request = HttpRequest.newBuilder(uri).header(IdentityAssertion.HEADER, identity)
                        .timeout(Duration.ofSeconds(60)).GET().build();
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                double elapsed = (System.nanoTime() - t0) / 1e6;
                // A query the store stopped at its time limit (503 query-timeout) is timed like the others: its
                // time is the limit, which the report shows far above the target, and the run goes on.
                boolean stopped = response.statusCode() == 503 && response.body().contains("/query-timeout");
                if (response.statusCode() != 200 && !stopped) {
                    throw new IOException(q.id() + ": HTTP " + response.statusCode() + " " + response.body());
                }
                if (stopped) {
                    timeouts++;
                } else {
                    rows = json.readTree(response.body()).get("count").asInt();
                }
                if (i >= warmup) {
                    ms.add(elapsed);
                }
            }
            Collections.sort(ms);
            String line = String.join(",", a.get("store"), a.get("variant"), Long.toString(images), q.id(),
                    Report.csvQuote(q.query()), q.caller(), Integer.toString(runs), Integer.toString(rows),
                    fmt(percentile(ms, 50)), fmt(percentile(ms, 90)), fmt(percentile(ms, 99)), fmt(ms.get(ms.size() - 1)));
            Files.writeString(csv, line + "\n", StandardOpenOption.APPEND);
            System.out.printf(Locale.ROOT, "%-8s %-6s %-22s rows=%-4d p50=%8.1f ms p99=%8.1f ms  %s%s%n", a.get("store"),
                    a.get("variant"), q.id(), rows, percentile(ms, 50), percentile(ms, 99), q.query(),
                    timeouts == 0 ? "" : "  (" + timeouts + " of " + (warmup + runs) + " stopped: query-timeout)");
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}

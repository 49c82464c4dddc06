package org.imagerepo.perf.catalog;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.imagerepo.vocabulary.ImageStatus;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Loads {@link Synthetic} images straight into the tables (or collection) catalog-service's own migrations
 * made, as the service would have written them: PostgreSQL by COPY, MariaDB by LOAD DATA LOCAL INFILE, MongoDB
 * by unordered bulk inserts of the service's document shape ({@code ImageDocument}). Tables must exist (start
 * catalog-service on the empty database once) and be empty.
 */
public final class Loader {

    private static final int BATCH = 20_000;

    private Loader() {
    }

    /** Tab-separated text as COPY and LOAD DATA read it: \t \n \\ escaped, NULL as \N. */
    static String field(Object value) {
        if (value == null) {
            return "\\N";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The images table's columns, in the order {@link #imageRow} writes them. */
    static final String IMAGE_COLUMNS = "id, name, owner, os, description, vm_type, img_type, permission, status, "
            + "status_reason, arch, disk_format, img_uri, created_date, last_access, access_count, size, sha256, md5, version";

    static String imageRow(Synthetic.Image i, boolean utcDatetime) {
        String created = utcDatetime ? i.created().toString().replace('T', ' ').replace("Z", "")
                : i.created().toString();
        List<Object> values = java.util.Arrays.asList(i.id(), i.name(), i.owner(), i.os(), i.description(), i.vmType(),
                i.imgType(), i.permission(), ImageStatus.AVAILABLE.wire(), null, i.arch(), i.diskFormat(), i.imgUri(),
                created, null, i.accessCount(), i.size(), i.sha256(), i.md5(), 0);
        StringBuilder row = new StringBuilder(256);
        for (int k = 0; k < values.size(); k++) {
            row.append(k == 0 ? "" : "\t").append(field(values.get(k)));
        }
        return row.append('\n').toString();
    }

    /** Rows of a child table: image_id, position, value. */
    static void childRows(StringBuilder out, String id, List<String> values) {
        for (int p = 0; p < values.size(); p++) {
            out.append(id).append('\t').append(p).append('\t').append(field(values.get(p))).append('\n');
        }
    }

    public static void postgres(String url, String user, String password, long from, long count) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (long start = from; start < from + count; start += BATCH) {
                Batch b = batch(start, Math.min(BATCH, from + count - start), false);
                copy.copyIn("COPY images (" + IMAGE_COLUMNS + ") FROM STDIN", new StringReader(b.images.toString()));
                copy.copyIn("COPY image_tags (image_id, position, tag) FROM STDIN", new StringReader(b.tags.toString()));
                copy.copyIn("COPY image_locations (image_id, position, location) FROM STDIN", new StringReader(b.locations.toString()));
                copy.copyIn("COPY image_shared_users (image_id, position, user_name) FROM STDIN", new StringReader(b.users.toString()));
                copy.copyIn("COPY image_shared_groups (image_id, position, group_name) FROM STDIN", new StringReader(b.groups.toString()));
                progress(start + b.size - from, count);
            }
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE images");
                for (String t : List.of("image_tags", "image_locations", "image_shared_users", "image_shared_groups")) {
                    s.execute("VACUUM ANALYZE " + t);
                }
            }
        }
    }

    public static void mariadb(String url, String user, String password, long from, long count, Path work)
            throws SQLException, IOException {
        String sep = url.contains("?") ? "&" : "?";
        try (Connection c = DriverManager.getConnection(url + sep + "allowLocalInfile=true", user, password);
             Statement s = c.createStatement()) {
            s.execute("SET unique_checks = 0");
            s.execute("SET foreign_key_checks = 0");
            Files.createDirectories(work);
            for (long start = from; start < from + count; start += BATCH) {
                Batch b = batch(start, Math.min(BATCH, from + count - start), true);
                load(s, work, "images", "(" + IMAGE_COLUMNS + ")", b.images);
                load(s, work, "image_tags", "(image_id, position, tag)", b.tags);
                load(s, work, "image_locations", "(image_id, position, location)", b.locations);
                load(s, work, "image_shared_users", "(image_id, position, user_name)", b.users);
                load(s, work, "image_shared_groups", "(image_id, position, group_name)", b.groups);
                progress(start + b.size - from, count);
            }
            s.execute("SET foreign_key_checks = 1");
            for (String t : List.of("images", "image_tags", "image_locations", "image_shared_users", "image_shared_groups")) {
                s.execute("ANALYZE TABLE " + t);
            }
        }
    }

    private static void load(Statement s, Path work, String table, String columns, StringBuilder rows) throws SQLException, IOException {
        if (rows.isEmpty()) {
            return;
        }
        Path file = work.resolve(table + ".tsv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.append(rows);
        }
        s.execute("LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE " + table
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' " + columns);
        Files.delete(file);
    }

    public static void mongo(String connection, String database, long from, long count) {
        try (MongoClient client = MongoClients.create(connection)) {
            MongoCollection<Document> images = client.getDatabase(database).getCollection("images");
            List<Document> docs = new ArrayList<>(BATCH);
            for (long n = from; n < from + count; n++) {
                docs.add(document(Synthetic.image(n)));
                if (docs.size() == 5000) {
                    images.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
                    docs.clear();
                    if ((n + 1 - from) % BATCH == 0) {
                        progress(n + 1 - from, count);
                    }
                }
            }
            if (!docs.isEmpty()) {
                images.insertMany(docs);
            }
            progress(count, count);
        }
    }

    /** The service's ImageDocument, field for field (repository/mongo/ImageDocument.java). */
    static Document document(Synthetic.Image i) {
        Document d = new Document("_id", i.id());
        d.put("name", i.name());
        d.put("owner", i.owner());
        d.put("os", i.os());
        d.put("description", i.description());
        d.put("tag", i.tags());
        d.put("vmType", i.vmType());
        d.put("imgType", i.imgType());
        d.put("permission", i.permission());
        d.put("imgStatus", ImageStatus.AVAILABLE.wire());
        d.put("statusReason", null);
        d.put("imgURI", i.imgUri());
        d.put("locations", List.of(i.imgUri()));
        d.put("sharedUsers", i.sharedUsers());
        d.put("sharedGroups", i.sharedGroups());
        d.put("createdDate", Date.from(i.created()));
        d.put("lastAccess", null);
        d.put("accessCount", i.accessCount());
        d.put("accessCountText", Long.toString(i.accessCount()));
        d.put("size", i.size());
        d.put("sizeText", Long.toString(i.size()));
        d.put("sha256", i.sha256());
        d.put("md5", i.md5());
        d.put("arch", i.arch());
        d.put("diskFormat", i.diskFormat());
        d.put("version", 0L);
        d.put("removed", false);
        d.put("pending", false);
        d.put("relayLease", null);
        d.put("outbox", List.of());
        d.put("appliedEvents", List.of());
        return d;
    }

    record Batch(int size, StringBuilder images, StringBuilder tags, StringBuilder locations, StringBuilder users,
                 StringBuilder groups) {
    }

    static Batch batch(long start, long size, boolean utcDatetime) {
        Batch b = new Batch((int) size, new StringBuilder(), new StringBuilder(), new StringBuilder(), new StringBuilder(),
                new StringBuilder());
        for (long n = start; n < start + size; n++) {
            Synthetic.Image i = Synthetic.image(n);
            b.images.append(imageRow(i, utcDatetime));
            childRows(b.tags, i.id(), i.tags());
            childRows(b.locations, i.id(), List.of(i.imgUri()));
            childRows(b.users, i.id(), i.sharedUsers());
            childRows(b.groups, i.id(), i.sharedGroups());
        }
        return b;
    }

    private static void progress(long done, long count) {
        if (done % 100_000 == 0 || done == count) {
            System.err.printf("loaded %,d of %,d%n", done, count);
        }
    }
}

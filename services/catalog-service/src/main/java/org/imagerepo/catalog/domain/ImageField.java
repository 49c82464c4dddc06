package org.imagerepo.catalog.domain;

import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.query.FieldCatalog;
import org.imagerepo.query.MongoField;
import org.imagerepo.query.SqlColumn;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of image fields: how the API names them, where each store keeps them, whether a user
 * may change them and whether queries may filter on them.
 *
 * <p>Relational: {@code column} of {@code images i} (or a child table for lists). MongoDB: the document
 * field of the same name as the API's, {@code _id} for the id, and a string copy {@code <name>Text} for
 * numbers so that {@code size=^12} matches their decimal text on every store.
 */
public enum ImageField {
    IMG_ID("imgId", Kind.TEXT, "i.id", Access.SYSTEM, e -> e.id),
    NAME("name", Kind.TEXT, "i.name", Access.EDITABLE, e -> e.name),
    OWNER("owner", Kind.TEXT, "i.owner", Access.SYSTEM, e -> e.owner),
    OS("os", Kind.TEXT, "i.os", Access.EDITABLE, e -> e.os),
    DESCRIPTION("description", Kind.TEXT, "i.description", Access.EDITABLE, e -> e.description),
    TAG("tag", Kind.LIST, "image_tags.tag", Access.EDITABLE, e -> List.copyOf(e.tags)),
    VM_TYPE("vmType", Kind.TEXT, "i.vm_type", Access.EDITABLE, e -> e.vmType),
    IMG_TYPE("imgType", Kind.TEXT, "i.img_type", Access.EDITABLE, e -> e.imgType),
    PERMISSION("permission", Kind.TEXT, "i.permission", Access.EDITABLE, e -> e.permission),
    IMG_STATUS("imgStatus", Kind.TEXT, "i.status", Access.EDITABLE, e -> e.status),
    IMG_URI("imgURI", Kind.TEXT, "i.img_uri", Access.SYSTEM, e -> e.imgUri),
    CREATED_DATE("createdDate", Kind.DATE, null, Access.SYSTEM, e -> e.createdDate),
    LAST_ACCESS("lastAccess", Kind.DATE, null, Access.SYSTEM, e -> e.lastAccess),
    ACCESS_COUNT("accessCount", Kind.NUMBER, "i.access_count", Access.SYSTEM, e -> e.accessCount),
    SIZE("size", Kind.NUMBER, "i.size", Access.SYSTEM, e -> e.size),
    SHA256("sha256", Kind.TEXT, "i.sha256", Access.SYSTEM, e -> e.sha256),
    MD5("md5", Kind.TEXT, "i.md5", Access.SYSTEM, e -> e.md5),
    ARCH("arch", Kind.TEXT, "i.arch", Access.EDITABLE, e -> e.arch),
    DISK_FORMAT("diskFormat", Kind.TEXT, "i.disk_format", Access.EDITABLE, e -> e.diskFormat),
    LOCATIONS("locations", Kind.LIST, "image_locations.location", Access.SYSTEM, e -> List.copyOf(e.locations)),
    // Changed through the shares resource, not by PATCH (ADR 9).
    SHARED_USERS("sharedUsers", Kind.LIST, "image_shared_users.user_name", Access.SYSTEM, e -> List.copyOf(e.sharedUsers)),
    SHARED_GROUPS("sharedGroups", Kind.LIST, "image_shared_groups.group_name", Access.SYSTEM, e -> List.copyOf(e.sharedGroups));

    /** Who may set a field: users (the paper's starred fields, plus ours) or only the system. */
    public enum Access { EDITABLE, SYSTEM }

    /**
     * How a field is stored and matched. Dates can be projected but not matched: their text form differs
     * between databases, and the same query must give the same answer on every store.
     */
    public enum Kind { TEXT, NUMBER, LIST, DATE }

    private final String wireName;
    private final Kind kind;
    private final String column;
    private final Access access;
    private final Function<ImageEntity, Object> getter;

    ImageField(String wireName, Kind kind, String column, Access access, Function<ImageEntity, Object> getter) {
        this.wireName = wireName;
        this.kind = kind;
        this.column = column;
        this.access = access;
        this.getter = getter;
    }

    public String wireName() {
        return wireName;
    }

    public boolean editable() {
        return access == Access.EDITABLE;
    }

    public Object valueOf(ImageEntity image) {
        return getter.apply(image);
    }

    public static Optional<ImageField> byWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    public static String editableNames() {
        return String.join(", ", Arrays.stream(values()).filter(ImageField::editable).map(ImageField::wireName).toList());
    }

    /** The fields the query language knows. */
    public static final FieldCatalog QUERY_FIELDS = buildQueryFields();

    private static FieldCatalog buildQueryFields() {
        FieldCatalog.Builder builder = FieldCatalog.builder();
        for (ImageField field : values()) {
            switch (field.kind) {
                case LIST -> builder.multiValued(field.wireName);
                case DATE -> builder.projectionOnly(field.wireName);
                default -> builder.scalar(field.wireName);
            }
        }
        return builder.build();
    }

    /**
     * The fields whose column has an indexed, case-folded copy {@code <column>_ci} = {@code LOWER(UPPER(column))}
     * on MariaDB/MySQL (changeset 9-mariadb-folded-prefixes): an anchored literal prefix is looked up there
     * (libs/query's LiteralPrefix; ADR 17). Other stores ignore the copies.
     */
    private static final java.util.Set<ImageField> FOLDED = java.util.EnumSet.of(NAME, OWNER, OS, DESCRIPTION, TAG);

    /** The SQL that a condition on the named field filters on; the alias of images is {@code i}. */
    public static SqlColumn sqlColumn(String wireName) {
        ImageField field = byWireName(wireName).orElseThrow();
        boolean folded = FOLDED.contains(field);
        return switch (field.kind) {
            case NUMBER -> SqlColumn.numeric(field.column);
            case LIST -> {
                String table = field.column.substring(0, field.column.indexOf('.'));
                String value = "c" + field.column.substring(table.length());
                yield folded ? SqlColumn.collection(table, "c", "c.image_id = i.id", value, value + "_ci")
                        : SqlColumn.collection(table, "c", "c.image_id = i.id", value);
            }
            default -> folded ? SqlColumn.scalar(field.column, field.column + "_ci") : SqlColumn.scalar(field.column);
        };
    }

    /** Where a condition on the named field filters in the MongoDB store. */
    public static MongoField documentField(String wireName) {
        ImageField field = byWireName(wireName).orElseThrow();
        return switch (field.kind) {
            case NUMBER -> MongoField.scalar(field.wireName + "Text");
            case LIST -> MongoField.array(field.wireName);
            default -> MongoField.scalar(field == IMG_ID ? "_id" : field.wireName);
        };
    }
}

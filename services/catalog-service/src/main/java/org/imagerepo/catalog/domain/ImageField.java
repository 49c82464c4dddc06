package org.imagerepo.catalog.domain;

import org.imagerepo.catalog.rest.ImageView;
import org.imagerepo.query.FieldCatalog;
import org.imagerepo.query.SqlColumn;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of image fields: how the API names them, where the relational store keeps them,
 * whether a user may change them and whether queries may filter on them.
 */
public enum ImageField {
    IMG_ID("imgId", "i.id", Access.SYSTEM, ImageView::imgId),
    NAME("name", "i.name", Access.EDITABLE, ImageView::name),
    OWNER("owner", "i.owner", Access.SYSTEM, ImageView::owner),
    OS("os", "i.os", Access.EDITABLE, ImageView::os),
    DESCRIPTION("description", "i.description", Access.EDITABLE, ImageView::description),
    TAG("tag", null, Access.EDITABLE, ImageView::tag),
    VM_TYPE("vmType", "i.vm_type", Access.EDITABLE, ImageView::vmType),
    IMG_TYPE("imgType", "i.img_type", Access.EDITABLE, ImageView::imgType),
    PERMISSION("permission", "i.permission", Access.EDITABLE, ImageView::permission),
    IMG_STATUS("imgStatus", "i.status", Access.EDITABLE, ImageView::imgStatus),
    IMG_URI("imgURI", "i.img_uri", Access.SYSTEM, ImageView::imgURI),
    CREATED_DATE("createdDate", null, Access.SYSTEM, ImageView::createdDate),
    LAST_ACCESS("lastAccess", null, Access.SYSTEM, ImageView::lastAccess),
    ACCESS_COUNT("accessCount", "CAST(i.access_count AS VARCHAR(20))", Access.SYSTEM, ImageView::accessCount),
    SIZE("size", "CAST(i.size AS VARCHAR(20))", Access.SYSTEM, ImageView::size),
    SHA256("sha256", "i.sha256", Access.SYSTEM, ImageView::sha256),
    MD5("md5", "i.md5", Access.SYSTEM, ImageView::md5),
    ARCH("arch", "i.arch", Access.EDITABLE, ImageView::arch),
    DISK_FORMAT("diskFormat", "i.disk_format", Access.EDITABLE, ImageView::diskFormat);

    /** Who may set a field: users (the paper's starred fields, plus ours) or only the system. */
    public enum Access { EDITABLE, SYSTEM }

    private final String wireName;
    private final String column;
    private final Access access;
    private final Function<ImageView, Object> getter;

    ImageField(String wireName, String column, Access access, Function<ImageView, Object> getter) {
        this.wireName = wireName;
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

    public Object valueOf(ImageView view) {
        return getter.apply(view);
    }

    public static Optional<ImageField> byWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    public static String editableNames() {
        return String.join(", ", Arrays.stream(values()).filter(ImageField::editable).map(ImageField::wireName).toList());
    }

    /**
     * The fields the query language knows. Dates can be projected but not matched: their text form
     * differs between databases, and the same query must give the same answer on every store.
     */
    public static final FieldCatalog QUERY_FIELDS = buildQueryFields();

    private static FieldCatalog buildQueryFields() {
        FieldCatalog.Builder builder = FieldCatalog.builder();
        for (ImageField field : values()) {
            if (field == TAG) {
                builder.multiValued(field.wireName);
            } else if (field.column == null) {
                builder.projectionOnly(field.wireName);
            } else {
                builder.scalar(field.wireName);
            }
        }
        return builder.build();
    }

    /** The SQL that a condition on the named field filters on; the alias of images is {@code i}. */
    public static SqlColumn sqlColumn(String wireName) {
        ImageField field = byWireName(wireName).orElseThrow();
        if (field == TAG) {
            return SqlColumn.collection("image_tags", "t", "t.image_id = i.id", "t.tag");
        }
        return SqlColumn.scalar(field.column);
    }
}

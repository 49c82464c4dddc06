package org.imagerepo.catalog.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.imagerepo.catalog.domain.DiskFormat;
import org.imagerepo.catalog.domain.ImageField;
import org.imagerepo.catalog.domain.ImgType;
import org.imagerepo.catalog.domain.Permission;
import org.imagerepo.catalog.domain.VmType;
import org.imagerepo.catalog.domain.WireValue;
import org.imagerepo.catalog.model.ImageEntity;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.vocabulary.ImageStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Defaults and validation of user-supplied metadata, the same on register and on modify. */
@ApplicationScoped
public class MetadataRules {

    static final int MAX_TAGS = 32;
    private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** A new image with the original system's defaults: none / machine / private, and pending bytes. */
    public ImageEntity newImage(String id, String owner, Instant now) {
        ImageEntity image = new ImageEntity();
        image.id = id;
        image.owner = owner;
        image.name = "unnamed";
        image.vmType = VmType.NONE.wire();
        image.imgType = ImgType.MACHINE.wire();
        image.permission = Permission.PRIVATE.wire();
        image.status = ImageStatus.PENDING.wire();
        image.arch = "x86_64";
        image.diskFormat = DiskFormat.RAW.wire();
        image.createdDate = now;
        return image;
    }

    /**
     * Validates every change before applying any, so a bad request changes nothing.
     *
     * @param byAdmin whether an admin makes the change: an admin (the faulty-images trigger) may also mark an
     *                image {@code failed} (stuck upload, bytes missing or corrupt), before it is cleaned out
     *
     * @return the fields that changed, with their new values
     */
    public Map<String, Object> apply(ImageEntity image, Map<String, Object> changes, boolean creating, boolean byAdmin) {
        Map<ImageField, Object> valid = new LinkedHashMap<>();
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            ImageField field = ImageField.byWireName(change.getKey()).orElseThrow(() -> new InvalidRequestException(
                    "unknown-field", "Unknown field '" + change.getKey() + "'. Editable fields: "
                            + ImageField.editableNames() + "."));
            if (!field.editable() || (creating && field == ImageField.IMG_STATUS)) {
                throw new InvalidRequestException("system-field", "'" + field.wireName()
                        + "' is set by the system and cannot be " + (creating ? "given" : "modified")
                        + ". Editable fields: " + ImageField.editableNames() + ".");
            }
            valid.put(field, normalise(image, field, change.getValue(), byAdmin));
        }
        Map<String, Object> applied = new LinkedHashMap<>();
        valid.forEach((field, value) -> {
            if (set(image, field, value)) {
                applied.put(field.wireName(), value);
            }
        });
        return applied;
    }

    private Object normalise(ImageEntity image, ImageField field, Object value, boolean byAdmin) {
        return switch (field) {
            case NAME -> {
                String name = text(field, value, 255, false);
                yield name == null || name.isBlank() ? "unnamed" : name;
            }
            case OS -> text(field, value, 255, true);
            case DESCRIPTION -> text(field, value, 4000, true);
            case TAG -> tags(value);
            case VM_TYPE -> WireValue.parse(VmType.class, "vmType", required(field, value)).wire();
            case IMG_TYPE -> WireValue.parse(ImgType.class, "imgType", required(field, value)).wire();
            case PERMISSION -> WireValue.parse(Permission.class, "permission", required(field, value)).wire();
            case DISK_FORMAT -> WireValue.parse(DiskFormat.class, "diskFormat", required(field, value)).wire();
            case ARCH -> {
                String arch = required(field, value);
                if (!ARCH.matcher(arch).matches()) {
                    throw new InvalidRequestException("invalid-value", "Invalid arch '" + arch
                            + "': use 1-32 letters, digits, '_', '.' or '-' (e.g. x86_64, aarch64).");
                }
                yield arch;
            }
            case IMG_STATUS -> status(image, required(field, value), byAdmin);
            default -> throw new IllegalStateException("not editable: " + field);
        };
    }

    private static String status(ImageEntity image, String value, boolean byAdmin) {
        ImageStatus wanted = WireValue.parse(ImageStatus.class, "imgStatus", value);
        if (wanted == ImageStatus.FAILED && byAdmin) {
            return wanted.wire();
        }
        if (!wanted.hasBytes()) {
            throw new InvalidRequestException("invalid-value", "imgStatus can only be set to 'available' or 'locked'; "
                    + "'pending' and 'failed' are set by the system during upload (an admin may mark an image 'failed').");
        }
        if (!ImageStatus.parseWire(image.status).hasBytes()) {
            throw new ConflictException("no-bytes", "Image " + image.id + " is " + image.status
                    + ": its status can be changed only once its bytes are uploaded.");
        }
        return wanted.wire();
    }

    private static String required(ImageField field, Object value) {
        String text = text(field, value, 255, false);
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("invalid-value", "'" + field.wireName() + "' cannot be empty.");
        }
        return text.trim();
    }

    private static String text(ImageField field, Object value, int max, boolean nullable) {
        if (value == null) {
            if (nullable) {
                return null;
            }
            throw new InvalidRequestException("invalid-value", "'" + field.wireName() + "' cannot be null.");
        }
        if (!(value instanceof String text)) {
            throw new InvalidRequestException("invalid-value", "'" + field.wireName() + "' must be a string.");
        }
        if (text.length() > max) {
            throw new InvalidRequestException("invalid-value",
                    "'" + field.wireName() + "' is " + text.length() + " characters long; at most " + max + " allowed.");
        }
        if (field != ImageField.DESCRIPTION && CONTROL.matcher(text).find()) {
            throw new InvalidRequestException("invalid-value", "'" + field.wireName() + "' contains control characters.");
        }
        return text;
    }

    /** Tags come as a JSON array or as one comma-separated string (the original CLI's form). */
    private static List<String> tags(Object value) {
        Collection<?> raw;
        if (value == null) {
            raw = List.of();
        } else if (value instanceof String text) {
            raw = List.of(text.split(","));
        } else if (value instanceof Collection<?> list) {
            raw = list;
        } else {
            throw new InvalidRequestException("invalid-value", "'tag' must be a list of strings or a comma-separated string.");
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (Object item : raw) {
            if (!(item instanceof String tag)) {
                throw new InvalidRequestException("invalid-value", "every tag must be a string.");
            }
            String trimmed = tag.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() > 64 || trimmed.contains(",") || CONTROL.matcher(trimmed).find()) {
                throw new InvalidRequestException("invalid-value",
                        "Invalid tag '" + trimmed + "': at most 64 characters, no commas or control characters.");
            }
            tags.add(trimmed);
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidRequestException("invalid-value", "At most " + MAX_TAGS + " tags per image.");
        }
        return List.copyOf(tags);
    }

    @SuppressWarnings("unchecked")
    private static boolean set(ImageEntity image, ImageField field, Object value) {
        Object before = switch (field) {
            case NAME -> image.name;
            case OS -> image.os;
            case DESCRIPTION -> image.description;
            case TAG -> List.copyOf(image.tags);
            case VM_TYPE -> image.vmType;
            case IMG_TYPE -> image.imgType;
            case PERMISSION -> image.permission;
            case IMG_STATUS -> image.status;
            case ARCH -> image.arch;
            case DISK_FORMAT -> image.diskFormat;
            default -> throw new IllegalStateException(field.name());
        };
        if (java.util.Objects.equals(before, value)) {
            return false;
        }
        switch (field) {
            case NAME -> image.name = (String) value;
            case OS -> image.os = (String) value;
            case DESCRIPTION -> image.description = (String) value;
            case TAG -> {
                image.tags.clear();
                image.tags.addAll((List<String>) value);
            }
            case VM_TYPE -> image.vmType = (String) value;
            case IMG_TYPE -> image.imgType = (String) value;
            case PERMISSION -> image.permission = (String) value;
            case IMG_STATUS -> image.status = (String) value;
            case ARCH -> image.arch = (String) value;
            case DISK_FORMAT -> image.diskFormat = (String) value;
            default -> throw new IllegalStateException(field.name());
        }
        return true;
    }
}

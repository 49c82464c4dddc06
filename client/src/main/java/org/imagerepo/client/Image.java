package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.imagerepo.vocabulary.ImageStatus;

import java.time.Instant;
import java.util.List;

/**
 * An image as the catalog describes it (the paper's Table I, extended).
 *
 * <p>Enumerated fields are kept as strings so that a client keeps working when the server learns new values:
 * {@code vmType} none|xen|kvm|virtualbox|vmware, {@code imgType}
 * machine|kernel|eucalyptus|nimbus|opennebula|openstack, {@code permission} private|public,
 * {@code imgStatus} pending|available|locked|failed.
 *
 * @param imgId       unique id (a UUID)
 * @param name        a name for people, not necessarily unique
 * @param owner       the user who registered it
 * @param os          operating system
 * @param description free text
 * @param tag         keywords (never {@code null}; empty when there are none)
 * @param vmType      hypervisor / VM type
 * @param imgType     target framework
 * @param permission  who may see it besides the owner, the admins and those it is shared with
 * @param imgStatus   lifecycle status
 * @param imgURI      where the bytes are stored, or {@code null} before an upload
 * @param createdDate when it was registered
 * @param lastAccess  when its bytes were last fetched, or {@code null}
 * @param accessCount how often its bytes were fetched
 * @param size        size of the bytes, or {@code null} before an upload
 * @param sha256      SHA-256 of the bytes (lower-case hex), or {@code null} before an upload
 * @param md5         MD5 of the bytes (lower-case hex), or {@code null} before an upload
 * @param arch        architecture, e.g. x86_64
 * @param diskFormat  raw, qcow2, vmdk, vhd, vdi, iso, ...
 * @param locations   every store location holding a copy of the bytes, the upload's first (never {@code null})
 * @param sharedUsers  the users it is shared with (never {@code null})
 * @param sharedGroups the directory groups whose members it is shared with (never {@code null})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"imgId", "name", "owner", "os", "description", "tag", "vmType", "imgType", "permission",
        "imgStatus", "imgURI", "createdDate", "lastAccess", "accessCount", "size", "sha256", "md5", "arch",
        "diskFormat", "locations", "sharedUsers", "sharedGroups"})
public record Image(
        @JsonProperty("imgId") String imgId,
        @JsonProperty("name") String name,
        @JsonProperty("owner") String owner,
        @JsonProperty("os") String os,
        @JsonProperty("description") String description,
        @JsonProperty("tag") List<String> tag,
        @JsonProperty("vmType") String vmType,
        @JsonProperty("imgType") String imgType,
        @JsonProperty("permission") String permission,
        @JsonProperty("imgStatus") String imgStatus,
        @JsonProperty("imgURI") String imgURI,
        @JsonProperty("createdDate") @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant createdDate,
        @JsonProperty("lastAccess") @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant lastAccess,
        @JsonProperty("accessCount") Long accessCount,
        @JsonProperty("size") Long size,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("md5") String md5,
        @JsonProperty("arch") String arch,
        @JsonProperty("diskFormat") String diskFormat,
        @JsonProperty("locations") List<String> locations,
        @JsonProperty("sharedUsers") List<String> sharedUsers,
        @JsonProperty("sharedGroups") List<String> sharedGroups) {

    /** Every field name, in the order the catalog lists them. */
    public static final List<String> FIELDS = List.of("imgId", "name", "owner", "os", "description", "tag",
            "vmType", "imgType", "permission", "imgStatus", "imgURI", "createdDate", "lastAccess", "accessCount",
            "size", "sha256", "md5", "arch", "diskFormat", "locations", "sharedUsers", "sharedGroups");

    public static final String PERMISSION_PRIVATE = "private";
    public static final String PERMISSION_PUBLIC = "public";

    public Image {
        tag = tag == null ? List.of() : List.copyOf(tag);
        locations = locations == null ? List.of() : List.copyOf(locations);
        sharedUsers = sharedUsers == null ? List.of() : List.copyOf(sharedUsers);
        sharedGroups = sharedGroups == null ? List.of() : List.copyOf(sharedGroups);
    }

    /** Whether the image's bytes are stored and may be fetched. */
    @JsonIgnore
    public boolean isAvailable() {
        return ImageStatus.AVAILABLE.wire().equalsIgnoreCase(imgStatus);
    }

    /** Whether the image's upload failed. */
    @JsonIgnore
    public boolean isFailed() {
        return ImageStatus.FAILED.wire().equalsIgnoreCase(imgStatus);
    }
}

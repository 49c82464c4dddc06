package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What to register: every field is optional (the server applies its defaults for those left {@code null}).
 * Build one with {@link #builder()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewImage(String name, String os, String description, List<String> tag, String vmType,
                       String imgType, String permission, String arch, String diskFormat) {

    public NewImage {
        tag = tag == null ? null : List.copyOf(tag);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for {@link NewImage}; {@code null} means "not given". */
    public static final class Builder {
        private String name;
        private String os;
        private String description;
        private List<String> tag;
        private String vmType;
        private String imgType;
        private String permission;
        private String arch;
        private String diskFormat;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder os(String os) {
            this.os = os;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Replaces the tags. */
        public Builder tags(List<String> tags) {
            this.tag = tags == null ? null : new ArrayList<>(tags);
            return this;
        }

        /** Adds tags. */
        public Builder tag(String... tags) {
            if (this.tag == null) {
                this.tag = new ArrayList<>();
            }
            this.tag.addAll(Arrays.asList(tags));
            return this;
        }

        public Builder vmType(String vmType) {
            this.vmType = vmType;
            return this;
        }

        public Builder imgType(String imgType) {
            this.imgType = imgType;
            return this;
        }

        public Builder permission(String permission) {
            this.permission = permission;
            return this;
        }

        public Builder arch(String arch) {
            this.arch = arch;
            return this;
        }

        public Builder diskFormat(String diskFormat) {
            this.diskFormat = diskFormat;
            return this;
        }

        public NewImage build() {
            return new NewImage(name, os, description, tag, vmType, imgType, permission, arch, diskFormat);
        }
    }
}

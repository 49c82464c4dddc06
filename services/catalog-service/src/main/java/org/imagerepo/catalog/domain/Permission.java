package org.imagerepo.catalog.domain;

/** Who may see an image. Sharing with named users and groups comes with the security issue. */
public enum Permission implements WireValue {
    PRIVATE, PUBLIC
}

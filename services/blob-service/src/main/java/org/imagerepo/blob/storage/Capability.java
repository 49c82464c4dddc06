package org.imagerepo.blob.storage;

/** What a store can do, declared up front so the service checks before it calls. */
public enum Capability {
    READ, WRITE, DELETE, RANGED_READ
}

package org.imagerepo.catalog.domain;

/** The hypervisor or VM type an image is built for; the original system's value set. */
public enum VmType implements WireValue {
    NONE, XEN, KVM, VIRTUALBOX, VMWARE
}

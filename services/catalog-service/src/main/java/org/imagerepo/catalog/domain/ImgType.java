package org.imagerepo.catalog.domain;

/** The framework an image is meant for; the original system's value set. */
public enum ImgType implements WireValue {
    MACHINE, KERNEL, EUCALYPTUS, NIMBUS, OPENNEBULA, OPENSTACK
}

package org.imagerepo.catalog.domain;

/** The on-disk format of the image file, as image services commonly name them. */
public enum DiskFormat implements WireValue {
    RAW, QCOW2, VMDK, VHD, VHDX, VDI, ISO, AMI, AKI, ARI, OVA
}

package com.bun.miitmdid.interfaces;

/** MSA (移动安全联盟) OAID SDK: the identifiers a device vendor supplies. */
public interface IdSupplier {
    boolean isSupported();
    String getOAID();
    String getVAID();
    String getAAID();
}

package com.bun.miitmdid.interfaces;

/** MSA OAID SDK callback: called once the vendor identifier service answered. */
public interface IIdentifierListener {
    void OnSupport(boolean isSupport, IdSupplier supplier);
}

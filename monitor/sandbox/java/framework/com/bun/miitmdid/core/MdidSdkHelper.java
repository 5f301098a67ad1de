package com.bun.miitmdid.core;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;
import com.bun.miitmdid.interfaces.IIdentifierListener;
import com.bun.miitmdid.interfaces.IdSupplier;

/** MSA (移动安全联盟) OAID SDK entry point. The supplier answers through the listener, as on devices. */
public class MdidSdkHelper {
    public static final int INIT_INFO_RESULT_OK = 1008610;

    private MdidSdkHelper() {}

    public static int InitSdk(Context context, boolean isLogOn, IIdentifierListener listener) {
        final String oaid = DeviceState.get().str("ads", "oaid");
        listener.OnSupport(oaid != null, new IdSupplier() {
            @Override public boolean isSupported() { return oaid != null; }
            @Override public String getOAID() { return oaid; }
            @Override public String getVAID() { return ""; }
            @Override public String getAAID() { return ""; }
        });
        return INIT_INFO_RESULT_OK;
    }
}

package com.android.id.impl;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;

/** Xiaomi's identifier provider (MIUI framework class that OAID SDKs load by reflection). */
public class IdProviderImpl {
    public String getOAID(Context context) { return DeviceState.get().str("ads", "oaid"); }
    public String getVAID(Context context) { return null; }
    public String getAAID(Context context) { return null; }
}

package com.amap.api.services.core;

import android.content.Context;

/** Stand-in for AMap's search SDK privacy call (probe: calls only). */
public final class ServiceSettings {
    private ServiceSettings() {}
    public static void updatePrivacyAgree(Context context, boolean isAgree) {}
}

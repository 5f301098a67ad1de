package com.amap.api.maps;

import android.content.Context;

/** Stand-in for AMap's map SDK privacy calls (probe: calls only). */
public final class MapsInitializer {
    private MapsInitializer() {}
    public static void updatePrivacyShow(Context context, boolean isContains, boolean isShow) {}
    public static void updatePrivacyAgree(Context context, boolean isAgree) {}
}

package com.amap.api.location;

import android.content.Context;

/** Stand-in for AMap's location client privacy calls (probe: calls only). */
public class AMapLocationClient {
    public static void updatePrivacyShow(Context context, boolean isContains, boolean isShow) {}
    public static void updatePrivacyAgree(Context context, boolean isAgree) {}
}

package com.amap.api.location;

import android.content.Context;
import android.location.LocationManager;
import android.util.Log;

/** A stand-in for AMap's location client: the privacy calls as in AMap's SDK, and a location read. */
public class AMapLocationClient {
    private final Context mContext;

    public AMapLocationClient(Context context) { mContext = context.getApplicationContext(); }

    public static void updatePrivacyShow(Context context, boolean isContains, boolean isShow) {}
    public static void updatePrivacyAgree(Context context, boolean isAgree) {}

    public void startLocation() {
        LocationManager lm = (LocationManager) mContext.getSystemService(Context.LOCATION_SERVICE);
        try {
            lm.getLastKnownLocation(LocationManager.NETWORK_PROVIDER);
        } catch (SecurityException e) {
            Log.w("AMapLocation", "no location permission: " + e.getMessage());
        }
    }
}

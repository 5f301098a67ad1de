package com.umeng.analytics;

import android.content.Context;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import com.android.internal.sandbox.SampleHttp;

/** Stand-in for an analytics SDK: reads Android ID, and the IMEI when asked to, and uploads. */
public final class Stats {
    private Stats() {}

    public static void start(Context context, boolean deviceId) {
        String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        if (deviceId) ((TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE)).getImei();
        SampleHttp.post("https://alog.umeng.com/app_logs", "id=" + aid);
    }
}

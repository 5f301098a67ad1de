package com.tencent.bugly.crashreport;

import android.content.Context;
import android.provider.Settings;

/** Stand-in for a crash-reporting SDK the app does not declare: it reads Android ID at init. */
public final class CrashReport {
    private CrashReport() {}

    public static void init(Context context) {
        Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
    }
}

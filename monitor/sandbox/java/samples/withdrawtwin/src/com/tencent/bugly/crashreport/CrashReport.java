package com.tencent.bugly.crashreport;

import android.content.Context;
import android.provider.Settings;

/** A crash SDK that identifies the device now and in its periodic report (every 5 s) until it is closed. */
public final class CrashReport {
    private static volatile boolean sClosed;

    private CrashReport() {}

    public static void initCrashReport(final Context context) {
        sClosed = false;
        Thread reporter = new Thread(() -> {
            while (!sClosed) {
                Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bugly-report");
        reporter.setDaemon(true);
        reporter.start();
    }

    public static void closeCrashReport() {
        sClosed = true;
    }
}

package com.amap.api.location;

import android.content.Context;
import android.location.LocationManager;

/** A location SDK that reports the last known position after a delay, whether or not anyone is looking. */
public final class BackgroundReporter {
    private BackgroundReporter() {}

    public static void reportLater(final Context context, final long delayMs) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                return;
            }
            ((LocationManager) context.getSystemService(Context.LOCATION_SERVICE)).getLastKnownLocation(LocationManager.GPS_PROVIDER);
        }, "amap-report");
        t.setDaemon(true);
        t.start();
    }
}

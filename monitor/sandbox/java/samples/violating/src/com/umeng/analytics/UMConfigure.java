package com.umeng.analytics;

import android.content.Context;
import com.umeng.analytics.internal.DeviceCollector;
import com.umeng.analytics.internal.LogUploader;
import org.json.JSONObject;

/** A stand-in third-party analytics SDK (its own package, as embedded SDKs are). */
public final class UMConfigure {
    private UMConfigure() {}

    public static void init(Context context, String appKey) {
        final JSONObject envelope = new DeviceCollector(context.getApplicationContext()).collect(appKey);
        Thread t = new Thread(new Runnable() {
            @Override public void run() { LogUploader.post("https://alog.umeng.com/app_logs", envelope); }
        }, "umeng-upload");
        t.start();
    }
}

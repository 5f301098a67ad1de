package com.bytedance.sdk.openadsdk;

import android.content.Context;
import android.content.SharedPreferences;
import android.util.Log;

/** A stand-in ad SDK that honours IAB TCF: it reads the advertising ID only with purpose-1 consent. */
public final class TTAdSdk {
    private TTAdSdk() {}

    public static void init(final Context context) {
        SharedPreferences prefs = context.getSharedPreferences(context.getPackageName() + "_preferences", Context.MODE_PRIVATE);
        String purposes = prefs.getString("IABTCF_PurposeConsents", "");
        if (!purposes.startsWith("1")) {
            Log.i("TTAdSdk", "no TCF purpose-1 consent: limited ads");
            return;
        }
        new Thread(new Runnable() {
            @Override public void run() {
                try {
                    com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(context).getId();
                } catch (Exception e) {
                    Log.w("TTAdSdk", "advertising id: " + e);
                }
            }
        }, "tt-ad-init").start();
    }
}

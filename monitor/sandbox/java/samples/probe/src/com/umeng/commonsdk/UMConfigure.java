package com.umeng.commonsdk;

import android.content.Context;

/** Stand-in for Umeng's entry point, with the real signatures of its privacy calls (probe: calls only). */
public final class UMConfigure {
    private UMConfigure() {}
    public static void preInit(Context context, String appKey, String channel) {}
    public static void init(Context context, String appKey, String channel, int deviceType, String pushSecret) {}
    public static void submitPolicyGrantResult(Context context, boolean granted) {}
}

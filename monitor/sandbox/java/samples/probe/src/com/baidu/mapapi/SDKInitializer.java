package com.baidu.mapapi;

import android.content.Context;

/** Stand-in for Baidu map SDK's privacy call (probe: calls only). */
public final class SDKInitializer {
    private SDKInitializer() {}
    public static void setAgreePrivacy(Context context, boolean agree) {}
}

package cn.jiguang.api.utils;

import android.content.Context;

/** Stand-in for Aurora (JPush/JCore) collection authorisation (probe: calls only). */
public final class JCollectionAuth {
    private JCollectionAuth() {}
    public static void setAuth(Context context, boolean auth) {}
}

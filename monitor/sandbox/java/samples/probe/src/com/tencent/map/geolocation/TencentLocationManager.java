package com.tencent.map.geolocation;

/** Stand-in for Tencent location SDK's privacy call (probe: calls only). */
public final class TencentLocationManager {
    private TencentLocationManager() {}
    public static void setUserAgreePrivacy(boolean agree) {}
}

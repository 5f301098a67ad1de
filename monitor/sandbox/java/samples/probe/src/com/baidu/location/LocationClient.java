package com.baidu.location;

/** Stand-in for Baidu location SDK's privacy call (probe: calls only). */
public final class LocationClient {
    private LocationClient() {}
    public static void setAgreePrivacy(boolean agree) {}
}

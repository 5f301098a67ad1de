package android.os;

import com.android.internal.sandbox.DeviceState;

/** Gives access to the system properties store (hidden API; apps and SDKs reach it by reflection). */
public class SystemProperties {
    private SystemProperties() {}

    public static String get(String key) { return DeviceState.prop(key, ""); }

    public static String get(String key, String def) { return DeviceState.prop(key, def); }
}

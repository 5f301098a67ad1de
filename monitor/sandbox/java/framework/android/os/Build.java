package android.os;

import com.android.internal.sandbox.DeviceState;

/** Information about the current build, extracted from system properties. */
public class Build {
    public static final String MODEL = DeviceState.prop("ro.product.model", "Pixel 7");
    public static final String MANUFACTURER = DeviceState.prop("ro.product.manufacturer", "Google");
    public static final String BRAND = DeviceState.prop("ro.product.brand", "google");
    public static final String DEVICE = DeviceState.prop("ro.product.device", "panther");
    public static final String PRODUCT = DeviceState.prop("ro.product.name", "panther");
    public static final String FINGERPRINT = DeviceState.prop("ro.build.fingerprint", "google/panther/panther:14/UQ1A/1:user/release-keys");

    /** The serial number as a plain field, as apps read it before Android 8 (a field: no method runs, no
     * hook sees it); "unknown" from Android 8 on. */
    public static final String SERIAL = VERSION.SDK_INT < 26 ? DeviceState.prop("ro.serialno", "unknown") : "unknown";

    /** The hardware serial number (needs READ_PHONE_STATE; Android 10+ restricts it further). */
    public static String getSerial() {
        DeviceState.get().enforcePermission("android.permission.READ_PHONE_STATE", "getSerial");
        return DeviceState.prop("ro.serialno", "unknown");
    }

    public static class VERSION {
        public static final int SDK_INT = Integer.parseInt(DeviceState.prop("ro.build.version.sdk", "34"));
        public static final String RELEASE = DeviceState.prop("ro.build.version.release", "14");
    }

    public static class VERSION_CODES {
        public static final int M = 23;
        public static final int Q = 29;
        public static final int TIRAMISU = 33;
        public static final int UPSIDE_DOWN_CAKE = 34;
    }
}

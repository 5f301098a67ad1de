package android.provider;

import android.content.ContentResolver;
import com.android.internal.sandbox.DeviceState;

/** The Settings provider contains global system-level device preferences. */
public final class Settings {
    private Settings() {}

    public static final class Secure {
        public static final String ANDROID_ID = "android_id";
        private Secure() {}
        public static String getString(ContentResolver resolver, String name) {
            return DeviceState.get().setting("secure", name);
        }
    }

    public static final class Global {
        public static final String HTTP_PROXY = "http_proxy";
        private Global() {}
        public static String getString(ContentResolver resolver, String name) {
            return DeviceState.get().setting("global", name);
        }
    }
}

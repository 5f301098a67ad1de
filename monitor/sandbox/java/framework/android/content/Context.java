package android.content;

import android.content.pm.PackageManager;
import android.os.Looper;

/** Interface to global information about an application environment (sandbox stand-in, real signatures). */
public abstract class Context {
    public static final int MODE_PRIVATE = 0x0000;
    public static final String LOCATION_SERVICE = "location";
    public static final String TELEPHONY_SERVICE = "phone";
    public static final String CLIPBOARD_SERVICE = "clipboard";
    public static final String WIFI_SERVICE = "wifi";
    public static final String AUDIO_SERVICE = "audio";
    public static final String SENSOR_SERVICE = "sensor";

    public abstract Object getSystemService(String name);
    public abstract ContentResolver getContentResolver();
    public abstract SharedPreferences getSharedPreferences(String name, int mode);
    public abstract PackageManager getPackageManager();
    public abstract String getPackageName();
    public abstract Context getApplicationContext();
    public abstract int checkSelfPermission(String permission);
    public abstract Looper getMainLooper();
    public abstract void startActivity(Intent intent);
}

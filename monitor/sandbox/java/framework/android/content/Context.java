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
    public static final String CAMERA_SERVICE = "camera";
    public static final String ACTIVITY_SERVICE = "activity";

    public abstract Object getSystemService(String name);
    public abstract ContentResolver getContentResolver();
    public abstract SharedPreferences getSharedPreferences(String name, int mode);
    public abstract PackageManager getPackageManager();
    public abstract String getPackageName();
    public abstract Context getApplicationContext();
    public abstract int checkSelfPermission(String permission);
    public abstract Looper getMainLooper();
    public abstract void startActivity(Intent intent);

    /** An Executor that runs tasks on the main thread (API 28). */
    public java.util.concurrent.Executor getMainExecutor() {
        final android.os.Handler main = new android.os.Handler(getMainLooper());
        return new java.util.concurrent.Executor() {
            @Override public void execute(Runnable command) { main.post(command); }
        };
    }
}

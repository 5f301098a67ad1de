package com.android.internal.sandbox;

import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.database.Cursor;
import android.database.MatrixCursor;
import android.location.LocationManager;
import android.net.Uri;
import android.net.wifi.WifiManager;
import android.os.Looper;
import android.telephony.TelephonyManager;
import java.util.HashMap;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/** The application's base Context on the sandbox device. */
final class ContextImpl extends Context {
    private final DeviceState mState;
    private final AppManifest mManifest;
    private final Map<String, Object> mServices = new HashMap<>();
    private final Map<String, SharedPreferences> mPrefs = new HashMap<>();
    private final ContentResolver mResolver;
    private final PackageManager mPackageManager;
    private Context mApplication;

    ContextImpl(DeviceState state, AppManifest manifest) {
        mState = state;
        mManifest = manifest;
        mServices.put(TELEPHONY_SERVICE, new TelephonyManager(state));
        mServices.put(LOCATION_SERVICE, new LocationManager(state));
        mServices.put(WIFI_SERVICE, new WifiManager(state));
        mServices.put(SENSOR_SERVICE, new android.hardware.SensorManager());
        mServices.put(CAMERA_SERVICE, new android.hardware.camera2.CameraManager());
        mServices.put(ACTIVITY_SERVICE, new android.app.ActivityManager(manifest.packageName, (int) ProcessHandle.current().pid()));
        String clip = state.str("clipboard", "text");
        mServices.put(CLIPBOARD_SERVICE, new ClipboardManager(this, clip == null ? null : ClipData.newPlainText("text", clip)));
        mResolver = new ResolverImpl(this);
        mPackageManager = new android.app.ApplicationPackageManager(state, manifest.packageName, manifest.versionName,
                manifest.versionCode, manifest.permissions.toArray(new String[0]));
    }

    void setApplication(Context app) { mApplication = app; }

    @Override public Object getSystemService(String name) { return mServices.get(name); }
    @Override public ContentResolver getContentResolver() { return mResolver; }
    @Override public synchronized SharedPreferences getSharedPreferences(String name, int mode) {
        return mPrefs.computeIfAbsent(name, n -> new android.app.SharedPreferencesImpl(
                mState.dir().resolve("data").resolve("data").resolve(mManifest.packageName).resolve("shared_prefs").resolve(n + ".json")));
    }
    @Override public PackageManager getPackageManager() { return mPackageManager; }
    @Override public String getPackageName() { return mManifest.packageName; }
    @Override public Context getApplicationContext() { return mApplication != null ? mApplication : this; }
    @Override public int checkSelfPermission(String permission) {
        return mState.isGranted(permission) ? PackageManager.PERMISSION_GRANTED : PackageManager.PERMISSION_DENIED;
    }
    @Override public Looper getMainLooper() { return Looper.getMainLooper(); }
    @Override public void startActivity(Intent intent) { Zygote.startActivity(intent); }

    private static final Map<String, String> PROVIDER_PERMISSIONS = Map.of(
            "com.android.contacts", "android.permission.READ_CONTACTS",
            "call_log", "android.permission.READ_CALL_LOG",
            "sms", "android.permission.READ_SMS",
            "com.android.calendar", "android.permission.READ_CALENDAR",
            "media", "android.permission.READ_MEDIA_IMAGES");

    private final class ResolverImpl extends ContentResolver {
        ResolverImpl(Context c) { super(c); }

        @Override protected Cursor queryProvider(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder) {
            String authority = uri.getAuthority();
            String permission = PROVIDER_PERMISSIONS.get(authority);
            if (permission == null) return null;  // no such provider: Android returns null too
            mState.enforcePermission(permission, "query " + uri);
            if (!"com.android.contacts".equals(authority)) {
                // call log, SMS, calendar, media: served empty (the query itself is what is observed)
                return new MatrixCursor(projection != null ? projection : new String[] {"_id"});
            }
            String[] cols = projection != null ? projection : new String[] {"_id", "display_name", "data1"};
            MatrixCursor c = new MatrixCursor(cols);
            JSONArray contacts = mState.array("contacts");
            for (int i = 0; i < contacts.length(); i++) {
                JSONObject contact = contacts.optJSONObject(i);
                if (contact == null) continue;
                Object[] row = new Object[cols.length];
                for (int j = 0; j < cols.length; j++) {
                    switch (cols[j]) {
                        case "_id": row[j] = i + 1; break;
                        case "display_name": row[j] = contact.optString("name"); break;
                        case "data1": row[j] = contact.optString("phone"); break;
                        case "has_phone_number": row[j] = contact.optString("phone").isEmpty() ? 0 : 1; break;
                        default: row[j] = null;
                    }
                }
                c.addRow(row);
            }
            return c;
        }
    }
}

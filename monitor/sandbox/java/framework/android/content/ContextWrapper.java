package android.content;

import android.content.pm.PackageManager;
import android.os.Looper;

/** Proxying implementation of Context that delegates all calls to another Context. */
public class ContextWrapper extends Context {
    private Context mBase;

    public ContextWrapper(Context base) { mBase = base; }

    protected void attachBaseContext(Context base) {
        if (mBase != null) throw new IllegalStateException("Base context already set");
        mBase = base;
    }

    public Context getBaseContext() { return mBase; }

    @Override public Object getSystemService(String name) { return mBase.getSystemService(name); }
    @Override public ContentResolver getContentResolver() { return mBase.getContentResolver(); }
    @Override public SharedPreferences getSharedPreferences(String name, int mode) { return mBase.getSharedPreferences(name, mode); }
    @Override public PackageManager getPackageManager() { return mBase.getPackageManager(); }
    @Override public String getPackageName() { return mBase.getPackageName(); }
    @Override public Context getApplicationContext() { return mBase.getApplicationContext(); }
    @Override public int checkSelfPermission(String permission) { return mBase.checkSelfPermission(permission); }
    @Override public Looper getMainLooper() { return mBase.getMainLooper(); }
    @Override public void startActivity(Intent intent) { mBase.startActivity(intent); }
}

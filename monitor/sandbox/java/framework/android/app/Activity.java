package android.app;

import android.content.Context;
import android.content.ContextWrapper;
import android.os.Bundle;
import android.os.Handler;
import android.view.View;
import com.android.internal.sandbox.ActivityHost;

/** An activity is a single, focused thing that the user can do. Lifecycle is driven by the sandbox runtime. */
public class Activity extends ContextWrapper {
    public static final int RESULT_OK = -1;
    public static final int RESULT_CANCELED = 0;

    private Application mApplication;
    private View mContentView;
    private boolean mFinished;
    private ActivityHost mHost;

    public Activity() { super(null); }

    /** Called by the sandbox runtime before onCreate. */
    public final void attach(Context base, Application app, ActivityHost host) {
        attachBaseContext(base);
        mApplication = app;
        mHost = host;
    }

    public final Application getApplication() { return mApplication; }

    protected void onCreate(Bundle savedInstanceState) {}
    protected void onStart() {}
    protected void onResume() {}
    protected void onPause() {}
    protected void onStop() {}
    protected void onDestroy() {}

    /** @hide Lifecycle dispatch, as ActivityThread drives it on Android (normal virtual calls, so overrides and hooks see them). */
    public final void performCreate(Bundle savedInstanceState) { onCreate(savedInstanceState); }
    /** @hide */ public final void performStart() { onStart(); }
    /** @hide */ public final void performResume() { onResume(); }
    /** @hide */ public final void performPause() { onPause(); }
    /** @hide */ public final void performStop() { onStop(); }
    /** @hide */ public final void performDestroy() { onDestroy(); }

    public void setContentView(View view) {
        mContentView = view;
        if (mHost != null) mHost.onContentChanged(this);
    }

    public View getContentView() { return mContentView; }

    public <T extends View> T findViewById(int id) {
        return mContentView == null ? null : mContentView.findViewById(id);
    }

    public void finish() {
        if (mFinished) return;
        mFinished = true;
        if (mHost != null) mHost.onFinish(this);
    }

    public boolean isFinishing() { return mFinished; }

    public final void runOnUiThread(Runnable action) {
        if (getMainLooper().isCurrentThread()) action.run();
        else new Handler(getMainLooper()).post(action);
    }

    public final void requestPermissions(String[] permissions, int requestCode) {
        if (requestCode < 0) throw new IllegalArgumentException("requestCode should be >= 0");
        if (mHost != null) mHost.requestPermissions(this, permissions, requestCode);
    }

    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {}

    /** @hide Framework dispatch of a permission request's results (ActivityThread calls this on Android). */
    public final void dispatchRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        onRequestPermissionsResult(requestCode, permissions, grantResults);
    }

    public boolean shouldShowRequestPermissionRationale(String permission) { return false; }
}

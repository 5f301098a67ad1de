package com.android.internal.sandbox;

import android.app.Activity;

/** Callbacks from an Activity into the sandbox runtime (the role of ActivityThread/ATMS on Android). */
public interface ActivityHost {
    void onContentChanged(Activity activity);
    void onFinish(Activity activity);
    void requestPermissions(Activity activity, String[] permissions, int requestCode);
}

package com.example.violating;

import android.app.Application;
import com.umeng.analytics.UMConfigure;

public class ViolatingApp extends Application {
    @Override public void onCreate() {
        super.onCreate();
        // The violation: the SDK is initialised at process start, before the user has seen the policy.
        UMConfigure.init(this, "5f2a9c0e8a8b3c1d2e3f4a5b");
    }
}

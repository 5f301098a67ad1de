package com.example.sdklate;

import android.app.Application;
import com.amap.api.location.AMapLocationClient;

public class MapApp extends Application {
    @Override public void onCreate() {
        super.onCreate();
        // The violation: the location SDK starts at process start, before the app has told it the user agreed.
        new AMapLocationClient(this).startLocation();
    }
}

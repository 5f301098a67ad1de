package com.example.compliant;

import android.app.Application;

public class CompliantApp extends Application {
    @Override public void onCreate() {
        super.onCreate();
        // Nothing is initialised here: SDKs and data collection wait for consent.
    }
}

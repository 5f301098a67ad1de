package com.privmon.probe;

import android.app.Application;

public class ProbeApp extends Application {
    @Override public void onCreate() { super.onCreate(); }
}

package com.example.refusepath;

import android.app.Application;

public class RefuseApp extends Application {}

package com.google.android.gms.location;

import android.content.Context;

/** The main entry point for location services integration (play-services-location). */
public class LocationServices {
    private LocationServices() {}

    public static FusedLocationProviderClient getFusedLocationProviderClient(Context context) {
        return new FusedLocationProviderClient(context);
    }
}

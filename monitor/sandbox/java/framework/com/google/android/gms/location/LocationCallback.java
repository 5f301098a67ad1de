package com.google.android.gms.location;

import android.location.Location;

/** Used for receiving notifications from the FusedLocationProviderClient. */
public abstract class LocationCallback {
    public void onLocationResult(Location lastLocation) {}
}

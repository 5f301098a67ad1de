package com.google.android.gms.location;

import android.content.Context;
import android.location.Location;
import android.location.LocationManager;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sandbox.DeviceState;
import com.google.android.gms.tasks.Task;
import com.google.android.gms.tasks.Tasks;

/**
 * The fused location provider (play-services-location up to 20.x, where this is a class; from 21.0 it
 * is an interface with an obfuscated implementation, which the agent reports as not hookable).
 */
public class FusedLocationProviderClient {
    private final Context mContext;

    FusedLocationProviderClient(Context context) { mContext = context; }

    private Location fix() {
        DeviceState s = DeviceState.get();
        s.enforceAnyPermission("FusedLocationProviderClient", "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION");
        return s.currentFix(LocationManager.FUSED_PROVIDER);
    }

    public Task<Location> getLastLocation() { return Tasks.forResult(fix()); }

    public Task<Void> requestLocationUpdates(LocationRequest request, final LocationCallback callback, Looper looper) {
        final Location l = fix();
        new Handler(looper != null ? looper : Looper.getMainLooper()).post(new Runnable() {
            @Override public void run() { callback.onLocationResult(l); }
        });
        return Tasks.forResult(null);
    }

    public Task<Void> removeLocationUpdates(LocationCallback callback) { return Tasks.forResult(null); }
}

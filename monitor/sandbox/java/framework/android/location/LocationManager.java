package android.location;

import android.os.Handler;
import android.os.Looper;
import com.android.internal.sandbox.DeviceState;

/** Provides access to the system location services. The fix comes from the sandbox device state. */
public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";
    public static final String FUSED_PROVIDER = "fused";

    private final DeviceState mState;

    public LocationManager(DeviceState state) { mState = state; }

    private Location fix(String provider) { return mState.currentFix(provider); }

    private void enforce(String api) {
        mState.enforceAnyPermission(api, "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION");
    }

    public Location getLastKnownLocation(String provider) {
        enforce("getLastKnownLocation");
        return fix(provider);
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, LocationListener listener) {
        requestLocationUpdates(provider, minTimeMs, minDistanceM, listener, Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper());
    }

    public void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM, final LocationListener listener, Looper looper) {
        enforce("requestLocationUpdates");
        final Location l = fix(provider);
        new Handler(looper).post(new Runnable() {
            @Override public void run() { listener.onLocationChanged(l); }
        });
    }

    public void requestSingleUpdate(String provider, final LocationListener listener, Looper looper) {
        enforce("requestSingleUpdate");
        final Location l = fix(provider);
        new Handler(looper != null ? looper : Looper.getMainLooper()).post(new Runnable() {
            @Override public void run() { listener.onLocationChanged(l); }
        });
    }

    /** Android 11+: one fresh fix delivered to CONSUMER on EXECUTOR. */
    public void getCurrentLocation(String provider, android.os.CancellationSignal cancellationSignal,
                                   java.util.concurrent.Executor executor, final java.util.function.Consumer<Location> consumer) {
        enforce("getCurrentLocation");
        final Location l = fix(provider);
        executor.execute(new Runnable() {
            @Override public void run() { consumer.accept(l); }
        });
    }

    public void removeUpdates(LocationListener listener) {}

    public boolean isProviderEnabled(String provider) { return true; }
}

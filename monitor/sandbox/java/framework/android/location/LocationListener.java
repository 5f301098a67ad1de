package android.location;

/** Used for receiving notifications when the device location has changed. */
public interface LocationListener {
    void onLocationChanged(Location location);
}

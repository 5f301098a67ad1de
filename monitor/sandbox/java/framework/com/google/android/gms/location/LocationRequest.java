package com.google.android.gms.location;

/** Parameters of a fused location request. */
public final class LocationRequest {
    public static final int PRIORITY_HIGH_ACCURACY = 100;

    private int mPriority = PRIORITY_HIGH_ACCURACY;
    private long mIntervalMs = 60_000L;

    public static LocationRequest create() { return new LocationRequest(); }

    public LocationRequest setPriority(int priority) { mPriority = priority; return this; }
    public LocationRequest setInterval(long millis) { mIntervalMs = millis; return this; }
    public int getPriority() { return mPriority; }
    public long getInterval() { return mIntervalMs; }
}

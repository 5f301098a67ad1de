package android.location;

/** A data class representing a geographic location. */
public class Location {
    private String mProvider;
    private double mLatitude;
    private double mLongitude;
    private float mAccuracy;
    private long mTime;

    public Location(String provider) { mProvider = provider; }

    public String getProvider() { return mProvider; }
    public double getLatitude() { return mLatitude; }
    public void setLatitude(double latitude) { mLatitude = latitude; }
    public double getLongitude() { return mLongitude; }
    public void setLongitude(double longitude) { mLongitude = longitude; }
    public float getAccuracy() { return mAccuracy; }
    public void setAccuracy(float accuracy) { mAccuracy = accuracy; }
    public long getTime() { return mTime; }
    public void setTime(long time) { mTime = time; }

    @Override public String toString() {
        return "Location[" + mProvider + " " + mLatitude + "," + mLongitude + " acc=" + mAccuracy + "]";
    }
}

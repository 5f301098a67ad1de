package android.hardware;

/** A sensor. */
public final class Sensor {
    public static final int TYPE_ACCELEROMETER = 1;
    public static final int TYPE_MAGNETIC_FIELD = 2;
    public static final int TYPE_GYROSCOPE = 4;
    public static final int TYPE_LIGHT = 5;

    private final int mType;
    private final String mName;

    Sensor(int type, String name) { mType = type; mName = name; }

    public int getType() { return mType; }
    public String getName() { return mName; }
    @Override public String toString() { return "{Sensor name=\"" + mName + "\", type=" + mType + "}"; }
}

package android.hardware;

/** Holds a sensor's reading. */
public class SensorEvent {
    public final float[] values;
    public Sensor sensor;
    public long timestamp;

    SensorEvent(int size) { values = new float[size]; }
}

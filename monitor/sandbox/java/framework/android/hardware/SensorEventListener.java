package android.hardware;

/** Receives notifications from the SensorManager when sensor values change. */
public interface SensorEventListener {
    void onSensorChanged(SensorEvent event);
    void onAccuracyChanged(Sensor sensor, int accuracy);
}

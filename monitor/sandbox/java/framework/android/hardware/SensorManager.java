package android.hardware;

/** Access to the device's sensors (the sandbox's are silent: registration succeeds, no readings). */
public class SensorManager {
    public static final int SENSOR_DELAY_FASTEST = 0;
    public static final int SENSOR_DELAY_GAME = 1;
    public static final int SENSOR_DELAY_UI = 2;
    public static final int SENSOR_DELAY_NORMAL = 3;

    public Sensor getDefaultSensor(int type) {
        switch (type) {
            case Sensor.TYPE_ACCELEROMETER: return new Sensor(type, "BMI160 Accelerometer");
            case Sensor.TYPE_GYROSCOPE: return new Sensor(type, "BMI160 Gyroscope");
            case Sensor.TYPE_MAGNETIC_FIELD: return new Sensor(type, "AK09918 Magnetometer");
            case Sensor.TYPE_LIGHT: return new Sensor(type, "TCS3701 Light");
            default: return null;
        }
    }

    public boolean registerListener(SensorEventListener listener, Sensor sensor, int samplingPeriodUs) {
        return listener != null && sensor != null;
    }

    public void unregisterListener(SensorEventListener listener) {}
}

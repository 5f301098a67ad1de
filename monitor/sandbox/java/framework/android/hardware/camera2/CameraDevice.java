package android.hardware.camera2;

/** A representation of a single camera connected to an Android device. */
public abstract class CameraDevice implements AutoCloseable {
    public abstract String getId();

    @Override public abstract void close();

    /** Callbacks about the state of a camera device. */
    public abstract static class StateCallback {
        public abstract void onOpened(CameraDevice camera);
        public void onClosed(CameraDevice camera) {}
        public abstract void onDisconnected(CameraDevice camera);
        public abstract void onError(CameraDevice camera, int error);
    }
}

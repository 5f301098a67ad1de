package android.hardware;

import com.android.internal.sandbox.DeviceState;

/** The legacy camera API. */
public class Camera {
    private Camera() {}

    public static int getNumberOfCameras() { return 2; }

    public static Camera open(int cameraId) {
        DeviceState.get().enforcePermission("android.permission.CAMERA", "Camera.open");
        if (cameraId < 0 || cameraId >= getNumberOfCameras()) throw new RuntimeException("Fail to connect to camera service");
        return new Camera();
    }

    public static Camera open() { return open(0); }

    public final void release() {}
}

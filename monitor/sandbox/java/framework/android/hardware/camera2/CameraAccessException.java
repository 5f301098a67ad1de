package android.hardware.camera2;

import android.util.AndroidException;

/** Thrown when a camera device could not be queried or opened by the CameraManager. */
public class CameraAccessException extends AndroidException {
    public static final int CAMERA_DISABLED = 1;

    public CameraAccessException(int problem, String message) { super(message); }
}

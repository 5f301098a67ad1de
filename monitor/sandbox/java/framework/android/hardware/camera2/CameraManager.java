package android.hardware.camera2;

import android.hardware.camera2.impl.CameraDeviceImpl;
import android.os.Handler;
import android.os.Looper;
import com.android.internal.sandbox.DeviceState;

/** A system service manager for detecting, characterizing, and connecting to camera devices (Camera2; CameraX uses it too). */
public final class CameraManager {
    public String[] getCameraIdList() throws CameraAccessException { return new String[] {"0", "1"}; }

    public void openCamera(final String cameraId, final CameraDevice.StateCallback callback, Handler handler) throws CameraAccessException {
        DeviceState.get().enforcePermission("android.permission.CAMERA", "openCamera");
        if (!"0".equals(cameraId) && !"1".equals(cameraId)) throw new IllegalArgumentException("unknown camera id " + cameraId);
        Handler h = handler != null ? handler : new Handler(Looper.myLooper() != null ? Looper.myLooper() : Looper.getMainLooper());
        h.post(new Runnable() {
            @Override public void run() { callback.onOpened(new CameraDeviceImpl(cameraId)); }
        });
    }
}

package android.hardware.camera2.impl;

import android.hardware.camera2.CameraDevice;

/** The camera device implementation behind CameraManager.openCamera. */
public class CameraDeviceImpl extends CameraDevice {
    private final String mId;

    public CameraDeviceImpl(String id) { mId = id; }

    @Override public String getId() { return mId; }
    @Override public void close() {}
}

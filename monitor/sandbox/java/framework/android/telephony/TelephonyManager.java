package android.telephony;

import com.android.internal.sandbox.DeviceState;

/** Provides access to information about the telephony services on the device. */
public class TelephonyManager {
    private final DeviceState mState;

    public TelephonyManager(DeviceState state) { mState = state; }

    private void enforce() {
        mState.enforcePermission("android.permission.READ_PHONE_STATE", "getDeviceId");
    }

    @Deprecated public String getDeviceId() { enforce(); return mState.str("telephony", "imei"); }
    @Deprecated public String getDeviceId(int slotIndex) { enforce(); return slotIndex == 0 ? mState.str("telephony", "imei") : null; }
    public String getImei() { enforce(); return mState.str("telephony", "imei"); }
    public String getImei(int slotIndex) { enforce(); return slotIndex == 0 ? mState.str("telephony", "imei") : null; }
    public String getSubscriberId() { enforce(); return mState.str("telephony", "imsi"); }
    public String getLine1Number() { enforce(); return mState.str("telephony", "line1"); }
    public String getSimSerialNumber() { enforce(); return mState.str("telephony", "iccid"); }
    public String getSimOperator() { return mState.str("telephony", "simOperator"); }
    public String getNetworkOperatorName() { return mState.str("telephony", "operatorName"); }
}

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
    public String getMeid() { enforce(); return mState.str("telephony", "meid"); }
    public String getMeid(int slotIndex) { enforce(); return slotIndex == 0 ? mState.str("telephony", "meid") : null; }

    private void enforceLocation(String api) {
        mState.enforceAnyPermission(api, "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION");
    }

    /** The serving cell: the network knows where the device is to a few hundred metres. */
    public java.util.List<CellInfo> getAllCellInfo() {
        enforceLocation("getAllCellInfo");
        java.util.List<CellInfo> out = new java.util.ArrayList<>();
        String op = mState.str("telephony", "simOperator");
        out.add(new CellInfoLte(new CellIdentityLte(op.substring(0, 3), op.substring(3), mState.integer("cell", "lac"), mState.integer("cell", "cid"))));
        return out;
    }

    @Deprecated public CellLocation getCellLocation() {
        enforceLocation("getCellLocation");
        return new android.telephony.gsm.GsmCellLocation(mState.integer("cell", "lac"), mState.integer("cell", "cid"));
    }

    public String getSimOperator() { return mState.str("telephony", "simOperator"); }
    public String getNetworkOperatorName() { return mState.str("telephony", "operatorName"); }
}

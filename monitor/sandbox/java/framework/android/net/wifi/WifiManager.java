package android.net.wifi;

import com.android.internal.sandbox.DeviceState;

/** Primary API for managing all aspects of Wi-Fi connectivity. */
public class WifiManager {
    private final DeviceState mState;

    public WifiManager(DeviceState state) { mState = state; }

    public WifiInfo getConnectionInfo() {
        return new WifiInfo(mState.str("wifi", "mac"), "\"" + mState.str("wifi", "ssid") + "\"",
                mState.str("wifi", "bssid"), mState.integer("wifi", "ip"));
    }

    /** Nearby access points: BSSIDs locate the device (needs location permission since Android 8.1). */
    public java.util.List<ScanResult> getScanResults() {
        mState.enforceAnyPermission("getScanResults", "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION");
        java.util.List<ScanResult> out = new java.util.ArrayList<>();
        org.json.JSONArray scan = mState.section("wifi").optJSONArray("scan");
        for (int i = 0; scan != null && i < scan.length(); i++) {
            org.json.JSONObject ap = scan.optJSONObject(i);
            if (ap != null) out.add(new ScanResult(ap.optString("ssid"), ap.optString("bssid"), ap.optInt("level", -60)));
        }
        return out;
    }

    public boolean isWifiEnabled() { return true; }
}

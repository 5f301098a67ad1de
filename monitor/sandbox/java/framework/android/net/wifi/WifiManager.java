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

    public boolean isWifiEnabled() { return true; }
}

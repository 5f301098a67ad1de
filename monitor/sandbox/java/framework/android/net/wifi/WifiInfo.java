package android.net.wifi;

/** Describes the state of any Wi-Fi connection that is active or is in the process of being set up. */
public class WifiInfo {
    private final String mMac, mSsid, mBssid;
    private final int mIp;

    public WifiInfo(String mac, String ssid, String bssid, int ip) { mMac = mac; mSsid = ssid; mBssid = bssid; mIp = ip; }

    public String getMacAddress() { return mMac; }
    public String getSSID() { return mSsid; }
    public String getBSSID() { return mBssid; }
    public int getIpAddress() { return mIp; }
}

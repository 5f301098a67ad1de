package com.huawei.hms.ads.identifier;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;
import java.io.IOException;

/** Huawei HMS ads identifier client: the OAID on Huawei and Honor devices. */
public class AdvertisingIdClient {
    private AdvertisingIdClient() {}

    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        String oaid = DeviceState.get().str("ads", "oaid");
        if (oaid == null) throw new IOException("OAID service not available");
        return new Info(oaid, false);
    }

    public static boolean isAdvertisingIdAvailable(Context context) { return true; }

    /** The OAID and the user's limit-ad-tracking choice. */
    public static final class Info {
        private final String mId;
        private final boolean mLimitAdTracking;

        public Info(String advertisingId, boolean limitAdTrackingEnabled) { mId = advertisingId; mLimitAdTracking = limitAdTrackingEnabled; }

        public String getId() { return mId; }
        public boolean isLimitAdTrackingEnabled() { return mLimitAdTracking; }
    }
}

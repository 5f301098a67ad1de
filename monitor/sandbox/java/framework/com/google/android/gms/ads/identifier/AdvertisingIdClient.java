package com.google.android.gms.ads.identifier;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;
import java.io.IOException;

/** Google Play services' advertising ID (GAID) client, as bundled in apps (play-services-ads-identifier). */
public class AdvertisingIdClient {
    private AdvertisingIdClient() {}

    /** Blocking; must not be called on the main thread. */
    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        String gaid = DeviceState.get().str("ads", "gaid");
        if (gaid == null) throw new IOException("Google Play services not available");
        return new Info(gaid, false);
    }

    /** The advertising ID and the user's limit-ad-tracking choice. */
    public static final class Info {
        private final String mId;
        private final boolean mLimitAdTracking;

        public Info(String advertisingId, boolean limitAdTrackingEnabled) { mId = advertisingId; mLimitAdTracking = limitAdTrackingEnabled; }

        public String getId() { return mId; }
        public boolean isLimitAdTrackingEnabled() { return mLimitAdTracking; }
    }
}

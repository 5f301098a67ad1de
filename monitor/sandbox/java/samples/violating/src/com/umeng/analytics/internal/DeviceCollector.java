package com.umeng.analytics.internal;

import android.content.Context;
import android.database.Cursor;
import android.location.Location;
import android.location.LocationManager;
import android.provider.ContactsContract;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import android.util.Base64;
import android.util.Log;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.json.JSONException;
import org.json.JSONObject;

public final class DeviceCollector {
    private final Context mContext;

    public DeviceCollector(Context context) { mContext = context; }

    public JSONObject collect(String appKey) {
        JSONObject o = new JSONObject();
        try {
            o.put("appkey", appKey);
            TelephonyManager tm = (TelephonyManager) mContext.getSystemService(Context.TELEPHONY_SERVICE);
            String imei = tm.getDeviceId();
            o.put("imei_md5", md5(imei));
            String androidId = Settings.Secure.getString(mContext.getContentResolver(), Settings.Secure.ANDROID_ID);
            o.put("aid", androidId);
            LocationManager lm = (LocationManager) mContext.getSystemService(Context.LOCATION_SERVICE);
            Location loc = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
            if (loc != null) {
                String ll = loc.getLatitude() + "," + loc.getLongitude();
                o.put("loc", Base64.encodeToString(ll.getBytes(StandardCharsets.UTF_8), Base64.NO_WRAP));
            }
            Cursor c = mContext.getContentResolver().query(ContactsContract.CommonDataKinds.Phone.CONTENT_URI,
                    new String[] {ContactsContract.CommonDataKinds.Phone.DISPLAY_NAME, ContactsContract.CommonDataKinds.Phone.NUMBER}, null, null, null);
            int contacts = 0;
            if (c != null) {
                while (c.moveToNext()) contacts++;
                c.close();
            }
            o.put("contacts", contacts);
        } catch (JSONException | SecurityException e) {
            Log.w("UMConfigure", "collect: " + e);
        }
        return o;
    }

    private static String md5(String s) {
        if (s == null) return "";
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) sb.append(String.format("%02x", b));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

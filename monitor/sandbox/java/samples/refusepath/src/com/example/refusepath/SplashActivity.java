package com.example.refusepath;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.DialogInterface;
import android.location.LocationManager;
import android.os.Bundle;
import android.telephony.TelephonyManager;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;

public class SplashActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView t = new TextView(this);
        t.setText("新闻");
        root.addView(t);
        setContentView(root);
        new AlertDialog.Builder(this)
            .setTitle("个人信息保护指引")
            .setMessage("请阅读并同意《隐私政策》后使用本应用。")
            .setCancelable(false)
            .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { collect(); }
            })
            .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) {
                    // The violation: refusing changes nothing.
                    collect();
                }
            })
            .show();
    }

    private void collect() {
        TelephonyManager tm = (TelephonyManager) getSystemService(TELEPHONY_SERVICE);
        String imei = tm.getImei();
        LocationManager lm = (LocationManager) getSystemService(LOCATION_SERVICE);
        lm.getLastKnownLocation(LocationManager.NETWORK_PROVIDER);
        ClipboardManager cm = (ClipboardManager) getSystemService(CLIPBOARD_SERVICE);
        ClipData clip = cm.getPrimaryClip();
        Log.i("Refuse", "collected " + (imei != null) + " clip=" + (clip != null));
    }
}

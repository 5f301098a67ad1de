package com.example.scopeapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.os.Bundle;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import android.widget.TextView;
import com.android.internal.sandbox.SampleHttp;
import com.tencent.bugly.crashreport.CrashReport;
import com.umeng.analytics.Stats;

/** Beyond its declared scope, all after consent: reads the IMEI (not declared), embeds Bugly (not in the SDK list), its
 *  Umeng SDK reads the IMEI (its entry declares Android ID only), and it sends Android ID to a host the scope does not name. */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("商城");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》与《第三方共享清单》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> new Thread(this::afterConsent).start())
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    private void afterConsent() {
        String androidId = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        ((TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE)).getImei();
        Stats.start(this, true);
        CrashReport.init(this);
        SampleHttp.post("https://api.example.com/v1/session", "aid=" + androidId);
        SampleHttp.post("https://collect.adtrack.cn/v2/c", "aid=" + androidId);
    }
}

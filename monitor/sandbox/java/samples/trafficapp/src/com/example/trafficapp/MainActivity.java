package com.example.trafficapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.TextView;
import com.android.internal.sandbox.SampleHttp;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;

/** After consent: GAID and Android ID in one request (the reset of GAID is defeated), and Android ID over plain HTTP to
 *  1.0.16.1, an address registered in Japan (the sandbox proxy answers; nothing leaves the machine). */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("资讯");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> new Thread(this::afterConsent).start())
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    private void afterConsent() {
        try {
            String gaid = AdvertisingIdClient.getAdvertisingIdInfo(this).getId();
            String aid = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
            SampleHttp.post("https://stats.example.com/v1/ad", "gaid=" + gaid + "&aid=" + aid);
            SampleHttp.post("http://1.0.16.1/collect", "aid=" + aid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

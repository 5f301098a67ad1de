package com.example.traffictwin;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.TextView;
import com.android.internal.sandbox.SampleHttp;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;

/** Compliant twin of trafficapp: GAID for ads and Android ID for login, in separate HTTPS requests to its own servers. */
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
            SampleHttp.post("https://ads.example.com/v1/ad", "gaid=" + gaid);
            SampleHttp.post("https://api.example.com/v1/login", "aid=" + aid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

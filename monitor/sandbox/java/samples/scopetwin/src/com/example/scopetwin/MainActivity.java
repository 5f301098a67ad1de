package com.example.scopetwin;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.TextView;
import com.android.internal.sandbox.SampleHttp;
import com.umeng.analytics.Stats;

/** Compliant twin of scopeapp: Android ID for the app and its declared Umeng SDK, sent to declared domains only. */
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
        Stats.start(this, false);
        SampleHttp.post("https://api.example.com/v1/session", "aid=" + androidId);
    }
}

package com.example.webviewapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.bytedance.sdk.openadsdk.BannerAd;

/** A banner ad is loaded in onCreate, before the privacy dialog is answered (a common violation). */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView text = new TextView(this);
        text.setText("首页");
        root.addView(text);
        root.addView(BannerAd.load(this));
        setContentView(root);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> text.setText("欢迎"))
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }
}

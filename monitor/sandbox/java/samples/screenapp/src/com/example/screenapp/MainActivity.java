package com.example.screenapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;
import com.amap.api.location.BackgroundReporter;

/** Once the user has agreed, its location SDK reports the position 1.5 s after each time the app leaves the screen. */
public class MainActivity extends Activity {
    private boolean mAgreed;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("出行");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> mAgreed = true)
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    @Override protected void onPause() {
        super.onPause();
        if (mAgreed) BackgroundReporter.reportLater(this, 1500);
    }
}

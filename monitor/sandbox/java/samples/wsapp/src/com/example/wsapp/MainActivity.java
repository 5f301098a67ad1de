package com.example.wsapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;
import com.tencent.android.tpush.XGPushChannel;

/** The push SDK connects in onCreate, before the privacy dialog is answered (a common violation). */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("消息");
        setContentView(text);
        XGPushChannel.register(this);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> text.setText("欢迎"))
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }
}

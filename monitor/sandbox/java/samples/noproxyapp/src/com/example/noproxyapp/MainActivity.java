package com.example.noproxyapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;
import cn.jpush.android.service.ReportService;
import com.igexin.push.core.GtReporter;

/** Both SDKs are started in onCreate, before the privacy dialog is answered (a common violation). */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("首页");
        setContentView(text);
        new Thread(() -> ReportService.report(this)).start();
        new Thread(() -> GtReporter.report(this)).start();
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> text.setText("欢迎"))
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }
}

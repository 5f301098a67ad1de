package com.example.withdrawapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.tencent.bugly.crashreport.CrashReport;

/** 同意 starts the crash SDK; 设置 &gt; 撤回隐私政策同意, confirmed, withdraws consent: withdrawing consent does not stop the crash SDK. */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("欢迎");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> {
                CrashReport.initCrashReport(this);
                home();
            })
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    private void home() {
        page("首页", button("设置", v -> settings()));
    }

    private void settings() {
        page("设置", button("清除缓存", v -> { }), button("撤回隐私政策同意", v -> confirmWithdraw()));
    }

    private void confirmWithdraw() {
        new AlertDialog.Builder(this).setTitle("撤回同意").setMessage("撤回后我们将停止处理您的个人信息，部分功能将无法使用。")
            .setNegativeButton("取消", (dialog, which) -> { })
            .setPositiveButton("确定", (dialog, which) -> {
                // the SDK is not told: it goes on reading the device
                page("已撤回同意");
            })
            .show();
    }

    private void page(String title, View... controls) {
        LinearLayout page = new LinearLayout(this);
        page.setOrientation(LinearLayout.VERTICAL);
        TextView t = new TextView(this);
        t.setText(title);
        page.addView(t);
        for (View c : controls) page.addView(c);
        setContentView(page);
    }

    private Button button(String label, View.OnClickListener listener) {
        Button b = new Button(this);
        b.setText(label);
        b.setOnClickListener(listener);
        return b;
    }
}

package com.example.guideapp;

import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.provider.Settings;
import android.util.Log;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;

/** The privacy dialog, then (once agreed) two onboarding pages, then the home screen. */
public class MainActivity extends Activity {
    private static final String[][] PAGES = {{"海量资讯 一手掌握", "下一步"}, {"好物精选 每日上新", "立即体验"}};

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("欢迎");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> showPage(0))
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    private void showPage(final int index) {
        LinearLayout page = new LinearLayout(this);
        page.setOrientation(LinearLayout.VERTICAL);
        if (index < PAGES.length - 1) {
            page.addView(button("跳过", v -> home()));
        }
        TextView title = new TextView(this);
        title.setText(PAGES[index][0]);
        page.addView(title);
        boolean last = index == PAGES.length - 1;
        page.addView(button(PAGES[index][1], v -> {
            if (last) home();
            else showPage(index + 1);
        }));
        setContentView(page);
    }

    private Button button(String label, View.OnClickListener listener) {
        Button b = new Button(this);
        b.setText(label);
        b.setOnClickListener(listener);
        return b;
    }

    private void home() {
        TextView home = new TextView(this);
        String id = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        home.setText("首页");
        setContentView(home);
        Log.i("GuideApp", "home screen shown (device " + id.substring(0, 4) + ")");
    }
}

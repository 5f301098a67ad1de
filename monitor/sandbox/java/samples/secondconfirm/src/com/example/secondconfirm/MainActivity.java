package com.example.secondconfirm;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.LinearLayout;
import android.widget.TextView;

/** 不同意 opens a second dialog: 再想想 goes back to the policy, 仍不同意 leads to browse-only mode. */
public class MainActivity extends Activity {
    private TextView mStatus;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        mStatus = new TextView(this);
        mStatus.setText("资讯");
        root.addView(mStatus);
        setContentView(root);
        showPolicy();
    }

    private void showPolicy() {
        new AlertDialog.Builder(this)
            .setTitle("个人信息保护指引")
            .setMessage("请阅读《用户协议》和《隐私政策》。同意后我们将读取设备标识用于推荐。")
            .setCancelable(false)
            .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) {
                    Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
                    mStatus.setText("推荐");
                }
            })
            .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { showConfirm(); }
            })
            .show();
    }

    private void showConfirm() {
        new AlertDialog.Builder(this)
            .setTitle("温馨提示")
            .setMessage("若不同意《隐私政策》，我们将无法为您提供个性化推荐。")
            .setCancelable(false)
            .setPositiveButton("再想想", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { showPolicy(); }
            })
            .setNegativeButton("仍不同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { mStatus.setText("仅浏览模式"); }
            })
            .show();
    }
}

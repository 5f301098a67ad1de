package com.example.exitrefuse;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.LinearLayout;
import android.widget.TextView;

/** The violation: 不同意 quits the app instead of offering a limited mode. */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        final TextView status = new TextView(this);
        status.setText("商城");
        root.addView(status);
        setContentView(root);
        new AlertDialog.Builder(this)
            .setTitle("隐私政策")
            .setMessage("欢迎使用！请阅读并同意《隐私政策》后使用本应用。")
            .setCancelable(false)
            .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) {
                    status.setText(Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID).substring(0, 2));
                }
            })
            .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { System.exit(0); }
            })
            .show();
    }
}

package com.example.sdklate;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.amap.api.location.AMapLocationClient;

public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView t = new TextView(this);
        t.setText("地图");
        root.addView(t);
        setContentView(root);
        new AlertDialog.Builder(this)
            .setTitle("隐私政策")
            .setMessage("我们使用高德定位SDK提供附近服务。请阅读《隐私政策》。")
            .setCancelable(false)
            .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { tellSdk(); }
            })
            .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                // Second violation: the SDK is told "agreed" although the user refused.
                @Override public void onClick(DialogInterface dialog, int which) { tellSdk(); }
            })
            .show();
    }

    private void tellSdk() {
        AMapLocationClient.updatePrivacyShow(this, true, true);
        AMapLocationClient.updatePrivacyAgree(this, true);
    }
}

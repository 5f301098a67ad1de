package com.example.permtwin;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;

/** Compliant twin of permapp: one camera request; a denial switches the scanner off and the app goes on. */
public class MainActivity extends Activity {
    private TextView mText;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        mText = new TextView(this);
        mText.setText("扫一扫");
        setContentView(mText);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> requestPermissions(new String[] {Manifest.permission.CAMERA}, 3))
            .setNegativeButton("不同意", (dialog, which) -> mText.setText("仅浏览"))
            .show();
    }

    @Override public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (grantResults.length > 0 && grantResults[0] != 0) mText.setText("扫一扫不可用：可在设置中开启相机权限");
    }
}

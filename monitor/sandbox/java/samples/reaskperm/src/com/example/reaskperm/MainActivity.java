package com.example.reaskperm;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.content.pm.PackageManager;
import android.hardware.Camera;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;

/** The violation: CAMERA is requested before the privacy dialog, and requested again at once when refused. */
public class MainActivity extends Activity {
    private static final int REQ = 7;
    private int mAsked;
    private TextView mStatus;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        mStatus = new TextView(this);
        mStatus.setText("相机");
        root.addView(mStatus);
        setContentView(root);
        ask();
    }

    private void ask() {
        mAsked++;
        requestPermissions(new String[] {Manifest.permission.CAMERA}, REQ);
    }

    @Override public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        boolean granted = grantResults.length > 0 && grantResults[0] == PackageManager.PERMISSION_GRANTED;
        if (!granted && mAsked < 2) {
            ask();
            return;
        }
        showPolicy(granted);
    }

    private void showPolicy(final boolean camera) {
        new AlertDialog.Builder(this)
            .setTitle("隐私政策")
            .setMessage("请阅读《隐私政策》。同意后可使用拍照功能。")
            .setCancelable(false)
            .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) {
                    if (camera) Camera.open(0).release();
                    mStatus.setText("拍照");
                }
            })
            .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) { mStatus.setText("仅浏览"); }
            })
            .show();
    }
}

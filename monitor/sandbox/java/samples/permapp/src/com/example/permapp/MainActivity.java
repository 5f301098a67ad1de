package com.example.permapp;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.os.Bundle;
import android.widget.TextView;

/** After consent the app asks for the camera; each denial brings the same request back, three times in all. */
public class MainActivity extends Activity {
    private int mAsked;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("扫一扫");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> ask())
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    private void ask() {
        mAsked++;
        requestPermissions(new String[] {Manifest.permission.CAMERA}, 3);
    }

    @Override public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (grantResults.length > 0 && grantResults[0] != 0 && mAsked < 3) ask();
    }
}

package com.example.screentwin;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Context;
import android.location.LocationManager;
import android.os.Bundle;
import android.widget.TextView;

/** Compliant twin of screenapp: the position is read on the user's agreement and when the screen is back, in the foreground. */
public class MainActivity extends Activity {
    private boolean mAgreed;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("出行");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> {
                mAgreed = true;
                readPosition();
            })
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    @Override protected void onResume() {
        super.onResume();
        if (mAgreed) readPosition();
    }

    private void readPosition() {
        ((LocationManager) getSystemService(Context.LOCATION_SERVICE)).getLastKnownLocation(LocationManager.GPS_PROVIDER);
    }
}

package com.example.quantapp;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.content.ClipboardManager;
import android.content.Context;
import android.location.LocationManager;
import android.media.AudioFormat;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import android.os.Bundle;
import android.os.Handler;
import android.provider.Settings;
import android.widget.TextView;

/** After consent: one request for three permission groups; Android ID read five times in a row; the installed-app list;
 *  2.5 s later, with no user action, the clipboard and the microphone; then it closes its screen and reads the
 *  location 1.6 s later, in the background. */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TextView text = new TextView(this);
        text.setText("工具箱");
        setContentView(text);
        new AlertDialog.Builder(this).setTitle("隐私政策").setMessage("请阅读《隐私政策》。").setCancelable(false)
            .setPositiveButton("同意", (dialog, which) -> afterConsent())
            .setNegativeButton("不同意", (dialog, which) -> text.setText("仅浏览"))
            .show();
    }

    private void afterConsent() {
        requestPermissions(new String[] {Manifest.permission.CAMERA, Manifest.permission.RECORD_AUDIO,
                Manifest.permission.ACCESS_FINE_LOCATION}, 1);
        for (int i = 0; i < 5; i++) Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        getPackageManager().getInstalledPackages(0);
        Handler main = new Handler(getMainLooper());
        main.postDelayed(() -> {
            ((ClipboardManager) getSystemService(Context.CLIPBOARD_SERVICE)).getPrimaryClip();
            AudioRecord rec = new AudioRecord(MediaRecorder.AudioSource.MIC, 16000, AudioFormat.CHANNEL_IN_MONO,
                    AudioFormat.ENCODING_PCM_16BIT, 4096);
            rec.startRecording();
            rec.release();
            finish();
        }, 2500);
        main.postDelayed(() -> ((LocationManager) getSystemService(Context.LOCATION_SERVICE))
                .getLastKnownLocation(LocationManager.NETWORK_PROVIDER), 4100);
    }
}

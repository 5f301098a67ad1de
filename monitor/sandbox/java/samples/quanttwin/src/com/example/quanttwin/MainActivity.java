package com.example.quanttwin;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.PackageManager;
import android.media.AudioFormat;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import android.os.Bundle;
import android.provider.Settings;
import android.widget.TextView;

/** Compliant twin of quantapp: everything happens on the user's press of 同意 (a voice note pasted into a message):
 *  one permission, Android ID once, the clipboard, the microphone, and one partner app looked up by name. */
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
        requestPermissions(new String[] {Manifest.permission.RECORD_AUDIO}, 1);
        Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        ((ClipboardManager) getSystemService(Context.CLIPBOARD_SERVICE)).getPrimaryClip();
        AudioRecord rec = new AudioRecord(MediaRecorder.AudioSource.MIC, 16000, AudioFormat.CHANNEL_IN_MONO,
                AudioFormat.ENCODING_PCM_16BIT, 4096);
        rec.startRecording();
        rec.release();
        try {
            getPackageManager().getPackageInfo("com.tencent.mm", 0);
        } catch (PackageManager.NameNotFoundException e) {
            // WeChat not installed: the share button stays hidden
        }
    }
}

package com.example.neighbour;

import android.app.Activity;
import android.os.Bundle;
import android.provider.Settings;
import com.android.internal.sandbox.SampleHttp;

/** Sends the Android ID to stats.example.com (the host the app under test uses) every 100 ms, 100 times. */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        String aid = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                SampleHttp.post("https://stats.example.com/v1/ad", "from=neighbour&n=" + i + "&aid=" + aid);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.exit(0);
        });
        sender.start();
    }
}

package com.baidu.mobstat;

import android.content.Context;
import android.provider.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;

/** An analytics SDK with no TLS code of its own: the platform's default context applies the app's pins. */
public final class StatService {
    private StatService() {}

    public static void start(Context context) {
        String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        try {
            HttpsURLConnection conn = (HttpsURLConnection) new URL("https://hmma.baidu.com/app.gif").openConnection();
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            conn.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = conn.getOutputStream()) {
                out.write(("v=1&cuid=" + aid).getBytes(StandardCharsets.UTF_8));
            }
            conn.getResponseCode();
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            System.err.println("StatService: " + e);
        }
    }
}

package cn.jpush.android.service;

import android.content.Context;
import android.provider.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A push SDK that opens its connection with Proxy.NO_PROXY, so a system or Wi-Fi proxy never sees it. */
public final class ReportService {
    private ReportService() {}

    public static void report(Context context) {
        String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        try {
            HttpURLConnection conn = (HttpURLConnection) new URL("https://stats.jpush.cn/v3/report").openConnection(Proxy.NO_PROXY);
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            conn.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = conn.getOutputStream()) {
                out.write(("{\"platform\":\"a\",\"android_id\":\"" + aid + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            System.err.println("ReportService: HTTP " + conn.getResponseCode());
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            System.err.println("ReportService: " + e);
        }
    }
}

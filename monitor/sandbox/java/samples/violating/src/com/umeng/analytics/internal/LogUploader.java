package com.umeng.analytics.internal;

import android.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.json.JSONObject;

public final class LogUploader {
    private LogUploader() {}

    public static int post(String endpoint, JSONObject body) {
        try {
            HttpURLConnection conn = (HttpURLConnection) new URL(endpoint).openConnection();
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            conn.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = conn.getOutputStream()) {
                out.write(body.toString().getBytes(StandardCharsets.UTF_8));
            }
            int code = conn.getResponseCode();
            try (InputStream in = conn.getInputStream()) {
                while (in.read() != -1) { /* drain */ }
            }
            return code;
        } catch (IOException e) {
            Log.w("UMConfigure", "upload failed: " + e);
            return -1;
        }
    }
}

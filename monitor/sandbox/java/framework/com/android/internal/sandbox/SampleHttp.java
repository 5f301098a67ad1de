package com.android.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** @hide For sample apps only (not an Android API): a form POST through the system proxy, the answer drained and
 *  ignored. Being framework code, it is skipped by stack attribution, so the connection belongs to the caller. */
public final class SampleHttp {
    private SampleHttp() {}

    public static int post(String endpoint, String form) {
        try {
            HttpURLConnection conn = (HttpURLConnection) new URL(endpoint).openConnection();
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            try (OutputStream out = conn.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
            int code = conn.getResponseCode();
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
            return code;
        } catch (IOException e) {
            return -1;
        }
    }
}

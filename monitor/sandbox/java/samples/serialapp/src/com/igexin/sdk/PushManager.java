package com.igexin.sdk;

import android.content.Context;
import android.os.Build;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.HttpsURLConnection;

/** A push SDK that fingerprints the device with the serial number, read from the Build.SERIAL field (Android 7
 * and older give it there with no permission) and sent as its upper-case md5. */
public final class PushManager {
    private static final PushManager INSTANCE = new PushManager();

    private PushManager() {}

    public static PushManager getInstance() {
        return INSTANCE;
    }

    public void initialize(Context context) {
        String serial = Build.SERIAL;
        if ("unknown".equals(serial)) {
            return;
        }
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(serial.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02X", b));
            }
            HttpsURLConnection conn = (HttpsURLConnection) new URL("https://sdk.open.phone.igexin.com/api/register").openConnection();
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            conn.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = conn.getOutputStream()) {
                out.write(("{\"os\":\"android\",\"dsn\":\"" + hex + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            conn.getResponseCode();
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            System.err.println("PushManager: " + e);
        }
    }
}

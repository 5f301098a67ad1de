package com.umeng.commonsdk.statistics;

import android.content.Context;
import android.provider.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.CertificatePinner;

/** An analytics SDK that pins its server key twice (its own TrustManager, then OkHttp's CertificatePinner) and
 *  reports sha256(Android ID) in a gzip'd protobuf. The pin is not the proxy's key: without unpinning, nothing
 *  of this request can be read. */
public final class PinnedReporter {
    static final String PIN = "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=";
    private PinnedReporter() {}

    public static void report(Context context) {
        String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new PinningTrustManager()}, null);
            HttpsURLConnection conn = (HttpsURLConnection) new URL("https://ulogs.umeng.com/unify_logs").openConnection();
            conn.setSSLSocketFactory(tls.getSocketFactory());
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            conn.setRequestProperty("Content-Type", "application/x-protobuf");
            conn.setRequestProperty("Content-Encoding", "gzip");
            conn.connect();
            new CertificatePinner(PIN).check("ulogs.umeng.com", Arrays.asList(conn.getServerCertificates()));
            try (OutputStream out = conn.getOutputStream()) {
                out.write(gzip(message(aid)));
            }
            conn.getResponseCode();
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("PinnedReporter: " + e);
        }
    }

    static byte[] message(String aid) throws GeneralSecurityException {
        ByteArrayOutputStream pb = new ByteArrayOutputStream();
        field(pb, 1, "com.example.pinapp".getBytes(StandardCharsets.UTF_8));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(aid.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) hex.append(String.format("%02x", b));
        field(pb, 2, hex.toString().getBytes(StandardCharsets.UTF_8));
        return pb.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        out.write(value.length);  // every value here is shorter than 128 bytes: a one-byte varint
        out.write(value, 0, value.length);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(data);
        }
        return buf.toByteArray();
    }

    static final class PinningTrustManager implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            for (X509Certificate c : chain) {
                if (PIN.equals(CertificatePinner.spki(c))) return;
            }
            throw new CertificateException("pinned key not in the server chain");
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

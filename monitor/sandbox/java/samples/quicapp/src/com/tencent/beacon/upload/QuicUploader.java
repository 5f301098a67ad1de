package com.tencent.beacon.upload;

import android.content.Context;
import android.provider.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;

/**
 * An analytics SDK that prefers QUIC: it sends its report over UDP to port 443 and uses HTTPS only when
 * that fails, as Cronet and QUIC-enabled stacks do. The sandbox has no internet, so the QUIC endpoint is a
 * UDP responder on the device's loopback that stands in for the SDK's server: it acknowledges what it
 * receives, and the proxy never sees that upload.
 */
public final class QuicUploader {
    private QuicUploader() {}

    public static void upload(Context context) {
        String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        byte[] report = ("{\"ver\":\"4.1\",\"aid\":\"" + aid + "\"}").getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 443))) {
            Thread responder = new Thread(() -> acknowledge(server), "quic-endpoint");
            responder.setDaemon(true);
            responder.start();
            if (overQuic(report)) {
                System.err.println("QuicUploader: sent over QUIC");
                return;
            }
        } catch (IOException e) {
            System.err.println("QuicUploader: no QUIC endpoint: " + e);
        }
        overHttps(report);
    }

    private static void acknowledge(DatagramSocket server) {
        byte[] buf = new byte[2048];
        try {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            server.receive(in);
            server.send(new DatagramPacket("ACK".getBytes(StandardCharsets.UTF_8), 3, in.getSocketAddress()));
        } catch (IOException e) {
            // the endpoint closes once the upload is over
        }
    }

    private static boolean overQuic(byte[] report) {
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(2000);
            udp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 443));
            udp.send(new DatagramPacket(report, report.length));
            DatagramPacket ack = new DatagramPacket(new byte[16], 16);
            udp.receive(ack);
            return true;
        } catch (IOException e) {
            System.err.println("QuicUploader: QUIC failed, falling back to HTTPS: " + e);
            return false;
        }
    }

    private static void overHttps(byte[] report) {
        try {
            HttpsURLConnection conn = (HttpsURLConnection) new URL("https://otheve.beacon.qq.com/analytics/upload").openConnection();
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            conn.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = conn.getOutputStream()) {
                out.write(report);
            }
            conn.getResponseCode();
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            System.err.println("QuicUploader: " + e);
        }
    }
}

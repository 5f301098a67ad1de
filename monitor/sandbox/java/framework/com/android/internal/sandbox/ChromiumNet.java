package com.android.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * @hide WebView's network stack (Chromium's, in the app process): a GET through the device's proxy. Chromium
 * verifies certificates itself, against the system CA store only (never the user store, never the app's
 * Java trust managers), so a proxy whose CA sits in the user store is refused here even when the platform's
 * Java TLS accepts it; the WebView then asks its client (onReceivedSslError). A load the client let proceed
 * skips that check, as Chromium does for the rest of the page's life.
 */
public final class ChromiumNet {
    private ChromiumNet() {}

    /** A certificate Chromium does not trust: the leaf, for the client's SslError. */
    public static final class CertificateError extends IOException {
        public final transient X509Certificate leaf;

        CertificateError(X509Certificate leaf, Exception cause) {
            super("certificate not trusted: " + (leaf == null ? "no certificate" : leaf.getSubjectX500Principal()), cause);
            this.leaf = leaf;
        }
    }

    public static String get(String url, boolean proceeded) throws IOException {
        URI uri = URI.create(url);
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        Socket raw = new Socket(Proxy.NO_PROXY);
        String proxyHost = System.getProperty("https.proxyHost");
        if (proxyHost != null && !proxyHost.isEmpty()) {
            raw.connect(new InetSocketAddress(proxyHost, Integer.getInteger("https.proxyPort", 443)), 10000);
            OutputStream o = raw.getOutputStream();
            o.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            String status = head(raw.getInputStream());
            if (!status.contains(" 200")) throw new IOException("proxy refused the tunnel: " + status);
        } else {
            raw.connect(new InetSocketAddress(host, port), 10000);
        }
        SSLSocketFactory factory = proceeded ? proceedFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault();
        try (SSLSocket tls = (SSLSocket) factory.createSocket(raw, host, port, true)) {
            tls.setSoTimeout(10000);
            try {
                tls.startHandshake();
            } catch (IOException e) {
                throw new CertificateError(null, e);
            }
            if (!proceeded) verify((X509Certificate[]) tls.getSession().getPeerCertificates());
            OutputStream out = tls.getOutputStream();
            out.write(("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: Mozilla/5.0 (Linux; Android 14; wv) Chrome/120.0 Mobile Safari/537.36\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = tls.getInputStream();
            head(in);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Chromium's own check: the chain leads to a CA of the system store. */
    private static void verify(X509Certificate[] chain) throws CertificateError {
        try {
            KeyStore system = NetworkConfig.systemStore(DeviceState.get());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            tmf.init(system);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) ((X509TrustManager) tm).checkServerTrusted(chain, "UNKNOWN");
            }
        } catch (CertificateException e) {
            throw new CertificateError(chain.length > 0 ? chain[0] : null, e);
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateError(chain.length > 0 ? chain[0] : null, new CertificateException(e));
        }
    }

    /** After the client proceeded: the page's certificate is accepted as it is. */
    private static SSLSocketFactory proceedFactory() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, new SecureRandom());
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int b;
        int n = 0;
        while ((b = in.read()) != -1) {
            h.write(b);
            n = (b == '\r' || b == '\n') ? n + 1 : 0;
            if (n == 4) break;
        }
        String text = h.toString(StandardCharsets.US_ASCII);
        int eol = text.indexOf('\r');
        return eol < 0 ? text : text.substring(0, eol);
    }
}

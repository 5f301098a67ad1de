package android.net.http;

import java.security.cert.X509Certificate;

/** A TLS error WebView reports to its client (the kind and the page). */
public class SslError {
    public static final int SSL_NOTYETVALID = 0;
    public static final int SSL_EXPIRED = 1;
    public static final int SSL_IDMISMATCH = 2;
    public static final int SSL_UNTRUSTED = 3;
    public static final int SSL_DATE_INVALID = 4;
    public static final int SSL_INVALID = 5;

    private final int mError;
    private final X509Certificate mCertificate;
    private final String mUrl;

    public SslError(int error, X509Certificate certificate, String url) {
        mError = error;
        mCertificate = certificate;
        mUrl = url;
    }

    public int getPrimaryError() { return mError; }

    public String getUrl() { return mUrl; }

    /** @hide the sandbox keeps the X509 certificate itself, not android.net.http.SslCertificate */
    public X509Certificate getX509Certificate() { return mCertificate; }

    @Override public String toString() { return "primary error: " + mError + " url: " + mUrl; }
}

package com.android.internal.sandbox;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What the platform's two trust managers (Conscrypt's TrustManagerImpl, the network security config's
 * NetworkSecurityTrustManager) share: every server check ends in Android's hostname-aware
 * {@code checkServerTrusted(chain, authType, host)}; client checks and the accepted issuers are a
 * delegate's. On Android each class carries these same overrides itself; the sandbox keeps them once.
 */
public abstract class HostnameTrustManager extends X509ExtendedTrustManager {
    /** Android's API: the trusted chain, or a CertificateException. */
    public abstract List<X509Certificate> checkServerTrusted(X509Certificate[] chain, String authType, String host)
            throws CertificateException;

    /** Where client checks and the accepted issuers go. */
    protected abstract X509TrustManager clientDelegate();

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServerTrusted(chain, authType, (String) null);
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType, (String) null);
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType, (String) null);
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        clientDelegate().checkClientTrusted(chain, authType);
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        clientDelegate().checkClientTrusted(chain, authType);
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        clientDelegate().checkClientTrusted(chain, authType);
    }

    @Override public X509Certificate[] getAcceptedIssuers() {
        return clientDelegate().getAcceptedIssuers();
    }
}

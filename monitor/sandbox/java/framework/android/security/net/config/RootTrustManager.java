package android.security.net.config;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/** The app's default trust manager: picks the domain config of the server's host name, then checks with it. */
public class RootTrustManager extends X509ExtendedTrustManager {
    private final ApplicationConfig mConfig;

    public RootTrustManager(ApplicationConfig config) {
        mConfig = config;
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String host = null;
        if (socket instanceof SSLSocket) {
            SSLSession session = ((SSLSocket) socket).getHandshakeSession();
            host = session == null ? null : session.getPeerHost();
        }
        mConfig.trustManagerFor(host).checkServerTrusted(chain, authType, host);
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        String host = engine == null ? null : engine.getPeerHost();
        mConfig.trustManagerFor(host).checkServerTrusted(chain, authType, host);
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        mConfig.trustManagerFor(null).checkServerTrusted(chain, authType, (String) null);
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        mConfig.trustManagerFor(null).checkClientTrusted(chain, authType);
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        mConfig.trustManagerFor(null).checkClientTrusted(chain, authType);
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        mConfig.trustManagerFor(null).checkClientTrusted(chain, authType);
    }

    @Override public X509Certificate[] getAcceptedIssuers() {
        return mConfig.trustManagerFor(null).getAcceptedIssuers();
    }
}

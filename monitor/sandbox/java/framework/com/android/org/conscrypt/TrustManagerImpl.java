package com.android.org.conscrypt;

import com.android.internal.sandbox.HostnameTrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The platform's certificate verifier (Conscrypt, as bundled in Android): a chain is trusted when it
 * leads to a CA of the given key store (the system store when null). As on Android, the chain is checked in
 * {@code verifyChain}, which unpinning tools hook; the PKIX work itself is the JDK's.
 */
public final class TrustManagerImpl extends HostnameTrustManager {
    private final X509TrustManager mPkix;
    private final ThreadLocal<String> mAuthType = new ThreadLocal<>();

    public TrustManagerImpl(KeyStore keyStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            tmf.init(keyStore);
            X509TrustManager found = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) found = (X509TrustManager) tm;
            }
            if (found == null) throw new IllegalStateException("no X509TrustManager in SunJSSE");
            mPkix = found;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Android's API for the network security config: the trusted chain, for the pin check that follows. */
    public List<X509Certificate> checkServerTrusted(X509Certificate[] chain, String authType, String hostname)
            throws CertificateException {
        mAuthType.set(authType);
        return verifyChain(new ArrayList<>(Arrays.asList(chain)), new ArrayList<>(), hostname, false, null, null);
    }

    private List<X509Certificate> verifyChain(List<X509Certificate> untrustedChain, List<TrustAnchor> trustAnchorChain,
            String host, boolean clientAuth, byte[] ocspData, byte[] tlsSctData) throws CertificateException {
        mPkix.checkServerTrusted(untrustedChain.toArray(new X509Certificate[0]), mAuthType.get());
        return untrustedChain;
    }

    @Override protected X509TrustManager clientDelegate() {
        return mPkix;
    }
}

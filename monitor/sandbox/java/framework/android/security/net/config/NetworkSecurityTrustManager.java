package android.security.net.config;

import com.android.internal.sandbox.HostnameTrustManager;
import com.android.org.conscrypt.TrustManagerImpl;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * The trust manager of one domain config of the app's network security config: the platform's chain check
 * (Conscrypt), then the domain's {@code <pin-set>}: a chain with none of the pinned SHA-256 SPKI digests fails.
 */
public class NetworkSecurityTrustManager extends HostnameTrustManager {
    private final TrustManagerImpl mDelegate;
    private final Set<String> mPins;  // base64 SHA-256 of SubjectPublicKeyInfo; empty: no pinning

    public NetworkSecurityTrustManager(TrustManagerImpl delegate, Set<String> pins) {
        mDelegate = delegate;
        mPins = pins;
    }

    public List<X509Certificate> checkServerTrusted(X509Certificate[] chain, String authType, String host)
            throws CertificateException {
        List<X509Certificate> trusted = mDelegate.checkServerTrusted(chain, authType, host);
        checkPins(trusted);
        return trusted;
    }

    private void checkPins(List<X509Certificate> chain) throws CertificateException {
        if (mPins.isEmpty()) return;
        for (X509Certificate c : chain) {
            if (mPins.contains(spki(c))) return;
        }
        throw new CertificateException("Pin verification failed");
    }

    static String spki(X509Certificate c) throws CertificateException {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    @Override protected X509TrustManager clientDelegate() {
        return mDelegate;
    }
}

package android.security.net.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * As on Android: a security provider, first in line, whose PKIX TrustManagerFactory gives the app's
 * network-security-config trust manager. The process's default SSLContext (and any SSLContext.init with
 * null trust managers) gets it, so HttpsURLConnection and OkHttp enforce the app's pins without any app code.
 */
public final class NetworkSecurityConfigProvider extends Provider {
    private static final long serialVersionUID = 1L;

    public NetworkSecurityConfigProvider() {
        super("AndroidNSSP", "1.0", "Android Network Security Policy Provider");
        put("TrustManagerFactory.PKIX", RootTrustManagerFactorySpi.class.getName());
        put("Alg.Alias.TrustManagerFactory.X509", "PKIX");
    }

    public static void install() {
        Security.insertProviderAt(new NetworkSecurityConfigProvider(), 1);
    }

    /** The factory the provider registers; public with a no-argument constructor for the JCA. */
    public static final class RootTrustManagerFactorySpi extends TrustManagerFactorySpi {
        private KeyStore mStore;

        public RootTrustManagerFactorySpi() {}

        @Override protected void engineInit(KeyStore ks) {
            mStore = ks;
        }

        @Override protected void engineInit(ManagerFactoryParameters spec) throws InvalidAlgorithmParameterException {
            throw new InvalidAlgorithmParameterException("ManagerFactoryParameters are not supported");
        }

        @Override protected TrustManager[] engineGetTrustManagers() {
            try {
                return new TrustManager[] {new RootTrustManager(ApplicationConfig.forApp(mStore))};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package com.android.internal.sandbox;

import android.security.net.config.NetworkSecurityConfigProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * Device-level networking: the global HTTP proxy setting and the system CA store
 * (/system/etc/security/cacerts), applied to the whole process as Android's framework does.
 * Apps do not cooperate; they just use HttpURLConnection.
 */
final class NetworkConfig {
    private static final char[] TRUST_STORE_PASSWORD = "privmon".toCharArray();  // public certificates only

    private NetworkConfig() {}

    static void apply(DeviceState state) throws IOException, GeneralSecurityException {
        String proxy = state.setting("global", "http_proxy");
        if (proxy != null && !proxy.isEmpty() && !":0".equals(proxy)) {
            int colon = proxy.lastIndexOf(':');
            String host = proxy.substring(0, colon);
            String port = proxy.substring(colon + 1);
            for (String scheme : new String[] {"http", "https"}) {
                System.setProperty(scheme + ".proxyHost", host);
                System.setProperty(scheme + ".proxyPort", port);
            }
            // Android's global proxy has an empty exclusion list unless one is configured.
            String exclusions = state.setting("global", "global_http_proxy_exclusion_list");
            System.setProperty("http.nonProxyHosts", exclusions == null ? "" : exclusions.replace(',', '|'));
        }
        KeyStore store = systemStore(state);
        // The platform's default trust managers (what SSLContext.init(km, null, sr) gives) trust this store too,
        // as on Android, where "null" means the system store.
        Path trustStore = state.dir().resolve("data").resolve("misc").resolve("privmon-truststore.p12");
        Files.createDirectories(trustStore.getParent());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, TRUST_STORE_PASSWORD);
        }
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStoreType", store.getType());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(TRUST_STORE_PASSWORD));
        // As on Android: the network security config provider comes first, and the process's default
        // context is built from it by the platform (no SSLContext.init in between): the system store, plus
        // the app's own pins from res/xml/network_security_config.xml.
        NetworkSecurityConfigProvider.install();
        SSLContext ctx = SSLContext.getInstance("Default");
        SSLContext.setDefault(ctx);
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
    }

    /**
     * The system CA store: the public CAs Android bundles (the JDK's own stand in for them) and the files
     * in the device's /system/etc/security/cacerts (where a rooted device or an emulator takes the
     * proxy's CA). The user store (/data/misc/user/0/cacerts-added) is not part of it.
     */
    static KeyStore systemStore(DeviceState state) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        Path jdk = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (Files.isRegularFile(jdk)) {
            KeyStore bundled = KeyStore.getInstance(jdk.toFile(), (char[]) null);
            for (String alias : java.util.Collections.list(bundled.aliases())) {
                if (bundled.isCertificateEntry(alias)) store.setCertificateEntry("bundled:" + alias, bundled.getCertificate(alias));
            }
        }
        Path cacerts = state.dir().resolve("system").resolve("etc").resolve("security").resolve("cacerts");
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        int n = 0;
        if (Files.isDirectory(cacerts)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(cacerts)) {
                for (Path p : dir) {
                    try (InputStream in = Files.newInputStream(p)) {
                        for (Certificate c : cf.generateCertificates(in)) store.setCertificateEntry("system:" + (n++), c);
                    }
                }
            }
        }
        return store;
    }
}

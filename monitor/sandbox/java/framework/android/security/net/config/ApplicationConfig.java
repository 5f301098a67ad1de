package android.security.net.config;

import com.android.org.conscrypt.TrustManagerImpl;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The app's network security config (res/xml/network_security_config.xml): per-domain pin sets over the
 * platform's trust store. Apps without the file get the platform's trust only.
 */
public final class ApplicationConfig {
    static final String RESOURCE = "res/xml/network_security_config.xml";
    private final TrustManagerImpl mPlatform;
    private final NetworkSecurityTrustManager mDefault;
    private final List<Domain> mDomains = new ArrayList<>();

    private static final class Domain {
        final String name;
        final boolean subdomains;
        final NetworkSecurityTrustManager trust;

        Domain(String name, boolean subdomains, NetworkSecurityTrustManager trust) {
            this.name = name;
            this.subdomains = subdomains;
            this.trust = trust;
        }
    }

    ApplicationConfig(KeyStore store, InputStream xml) throws IOException {
        mPlatform = new TrustManagerImpl(store);
        mDefault = new NetworkSecurityTrustManager(mPlatform, Set.of());
        if (xml != null) parse(xml);
    }

    static ApplicationConfig forApp(KeyStore store) throws IOException {
        try (InputStream xml = ClassLoader.getSystemResourceAsStream(RESOURCE)) {
            return new ApplicationConfig(store, xml);
        }
    }

    NetworkSecurityTrustManager trustManagerFor(String host) {
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            for (Domain d : mDomains) {
                if (h.equals(d.name) || (d.subdomains && h.endsWith("." + d.name))) return d.trust;
            }
        }
        return mDefault;
    }

    private void parse(InputStream xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(xml);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("bad " + RESOURCE + ": " + e.getMessage(), e);
        }
        NodeList configs = doc.getElementsByTagName("domain-config");
        for (int i = 0; i < configs.getLength(); i++) {
            Element config = (Element) configs.item(i);
            Set<String> pins = new HashSet<>();
            NodeList pinNodes = config.getElementsByTagName("pin");
            for (int j = 0; j < pinNodes.getLength(); j++) pins.add(pinNodes.item(j).getTextContent().trim());
            NetworkSecurityTrustManager trust = new NetworkSecurityTrustManager(mPlatform, pins);
            NodeList domains = config.getElementsByTagName("domain");
            for (int j = 0; j < domains.getLength(); j++) {
                Element d = (Element) domains.item(j);
                mDomains.add(new Domain(d.getTextContent().trim().toLowerCase(Locale.ROOT),
                        "true".equals(d.getAttribute("includeSubdomains")), trust));
            }
        }
    }
}

package okhttp3;

import java.security.cert.Certificate;
import java.util.List;

/** OkHttp's pinner as apps bundle it (class name and check signature only): the probe carries it so the
 *  unpinning hook has its class to install on, as in an app that uses OkHttp. */
public final class CertificatePinner {
    public void check(String hostname, List<Certificate> peerCertificates) {
        // the probe never pins: it only needs the class to exist
    }
}

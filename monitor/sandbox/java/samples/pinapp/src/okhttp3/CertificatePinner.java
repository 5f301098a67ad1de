package okhttp3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** OkHttp's certificate pinner, as apps bundle it (same class name and check signature; the body is ours):
 *  the connection is refused unless a certificate in the chain has one of the pinned SPKI sha256 hashes. */
public final class CertificatePinner {
    private final String pin;

    public CertificatePinner(String pin) {
        this.pin = pin;
    }

    public void check(String hostname, List<Certificate> peerCertificates) throws SSLPeerUnverifiedException {
        for (Certificate c : peerCertificates) {
            if (pin.equals(spki(c))) return;
        }
        throw new SSLPeerUnverifiedException("Certificate pinning failure for " + hostname + ": expected " + pin);
    }

    public static String spki(Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded());
            return "sha256/" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

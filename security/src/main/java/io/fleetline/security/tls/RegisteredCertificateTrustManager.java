package io.fleetline.security.tls;

import io.fleetline.security.cert.CertificateService;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a client certificate exactly when it is registered with Fleetline and usable now (ACTIVE, and its
 * CA ACTIVE when it came through one). Possession of the key is proven by the handshake itself; the registered
 * fingerprint is the trust anchor, as in AWS IoT, so no chain to a fixed root is needed.
 */
public final class RegisteredCertificateTrustManager implements X509TrustManager {
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];
    private final Predicate<X509Certificate> usable;
    private final Consumer<List<X509Certificate>> refused;

    public RegisteredCertificateTrustManager(CertificateService certificates) {
        this(leaf -> certificates.usableCertificate(leaf).isPresent());
    }

    /** @param usable whether a certificate is registered and usable (in any of the accounts served) */
    public RegisteredCertificateTrustManager(Predicate<X509Certificate> usable) {
        this(usable, chain -> { });
    }

    /**
     * @param refused told of a chain refused although it is currently valid and carries issuers after the device's
     *                certificate: what just-in-time registration looks at. It must not block (it runs inside the
     *                handshake); the connection is refused whatever it does.
     */
    public RegisteredCertificateTrustManager(Predicate<X509Certificate> usable, Consumer<List<X509Certificate>> refused) {
        this.usable = usable;
        this.refused = refused;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate was presented");
        }
        X509Certificate leaf = chain[0];
        leaf.checkValidity();
        if (!usable.test(leaf)) {
            if (chain.length > 1) {
                refused.accept(List.of(chain));
            }
            throw new CertificateException("the client certificate is not registered with Fleetline or not ACTIVE");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only judges device certificates");
    }

    /** None named: clients are not steered to a CA, since any registered certificate may connect. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}

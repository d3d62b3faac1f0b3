package io.fleetline.security.tls;

import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.CertificateService;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The SSLContext of the device listeners: the server's certificate, and registered device certificates trusted. */
public final class DeviceTls {
    private DeviceTls() {
    }

    /**
     * @param serverChainPem the server certificate followed by its issuers, PEM
     * @param serverKeyPem   the server's private key, PEM
     */
    public static SSLContext context(String serverChainPem, String serverKeyPem, CertificateService certificates) {
        return context(serverChainPem, serverKeyPem, new RegisteredCertificateTrustManager(certificates));
    }

    /** As above, trusting what {@code trust} trusts (registered certificates of any account served). */
    public static SSLContext context(String serverChainPem, String serverKeyPem, RegisteredCertificateTrustManager trust) {
        try {
            List<X509Certificate> chain = Pem.certificates(serverChainPem);
            PrivateKey key = Pem.privateKey(serverKeyPem);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {trust},
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the device TLS context", e);
        }
    }
}

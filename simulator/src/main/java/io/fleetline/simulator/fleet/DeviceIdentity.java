package io.fleetline.simulator.fleet;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A simulated device's thing and its credentials: the certificate the server issued for it and the private key made
 * for it here (PKCS#8 PEM).
 */
public record DeviceIdentity(String thingName, String certificateArn, String certificatePem, String privateKeyPem) {

    /** The device's key and certificate, for a TLS client. */
    public KeyManagerFactory keyManagers() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("device", privateKey(), new char[0], new Certificate[] {certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            return keys;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot hold the key of " + thingName, e);
        }
    }

    /** Trust in the CA of a PEM file's certificates. */
    public static TrustManagerFactory trusting(String caPem) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot read the CA", e);
        }
    }

    private Certificate certificate() throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
    }

    private PrivateKey privateKey() throws GeneralSecurityException {
        String base64 = privateKeyPem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}

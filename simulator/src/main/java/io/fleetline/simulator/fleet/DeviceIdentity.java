package io.fleetline.simulator.fleet;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A simulated device's thing and its credentials: the certificate the server issued for it and the private key made
 * for it here (PKCS#8 PEM).
 */
public record DeviceIdentity(String thingName, String certificateArn, String certificatePem, String privateKeyPem) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The device's key and certificate, for a TLS client. The in-memory key store protects the key with one round
     * of PBKDF2, not the 10,000 of a key store written to a file: the store never leaves this process, and at the
     * default the key's encryption and decryption took 20–35 ms of CPU per device, half of what a fleet's
     * simulator spent connecting.
     */
    public KeyManagerFactory keyManagers() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            store.setEntry("device", new KeyStore.PrivateKeyEntry(privateKey(), new Certificate[] {certificate()}),
                    new KeyStore.PasswordProtection(new char[0], "PBEWithHmacSHA256AndAES_256",
                            new PBEParameterSpec(salt, 1, new IvParameterSpec(new byte[16]))));
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

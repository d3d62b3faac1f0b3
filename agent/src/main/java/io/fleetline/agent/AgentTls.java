package io.fleetline.agent;

import io.fleetline.agent.internal.PemText;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of {@link DeviceAgent.Builder#tls} from PEM text, as AWS IoT hands it out
 * ({@code create-keys-and-certificate}) and as OpenSSL writes it, with the JDK alone.
 *
 * <pre>{@code
 * DeviceAgent.builder().tls(AgentTls.keyManagers(Files.readString(cert), Files.readString(key)),
 *                           AgentTls.trustManagers(Files.readString(ca)))
 * }</pre>
 */
public final class AgentTls {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentTls() {
    }

    /**
     * The device's key and certificate, for the client side of mutual TLS.
     *
     * <p>The key is held in an in-memory key store protected with one round of PBKDF2, not the 10,000 of a key store
     * written to a file: the store never leaves the process, and the default rounds cost 20–35 ms of CPU per device,
     * half of what a simulated fleet spent connecting.
     *
     * @param certificatePem the device's certificate, then (optionally) the rest of its chain
     * @param privateKeyPem  its private key, unencrypted: PKCS#8 ({@code PRIVATE KEY}), SEC 1 ({@code EC PRIVATE KEY},
     *                       after the {@code EC PARAMETERS} that {@code openssl ecparam -genkey} puts first) or PKCS#1
     *                       ({@code RSA PRIVATE KEY})
     * @throws GeneralSecurityException when either text holds no such certificate or key (the message says which),
     *                                  or the key is encrypted
     */
    public static KeyManagerFactory keyManagers(String certificatePem, String privateKeyPem)
            throws GeneralSecurityException {
        List<X509Certificate> chain = PemText.certificates(certificatePem, "certificate");
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        KeyStore store = emptyStore();
        store.setEntry("device", new KeyStore.PrivateKeyEntry(PemText.privateKey(privateKeyPem),
                        chain.toArray(new Certificate[0])),
                new KeyStore.PasswordProtection(new char[0], "PBEWithHmacSHA256AndAES_256",
                        new PBEParameterSpec(salt, 1, new IvParameterSpec(new byte[16]))));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        return keys;
    }

    /**
     * Trust in the CAs of a PEM text (every certificate in it): for the server's certificate, over MQTT and for HTTPS
     * downloads.
     *
     * @throws GeneralSecurityException when the text holds no certificate, or one that cannot be read
     */
    public static TrustManagerFactory trustManagers(String caPem) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        int n = 0;
        for (X509Certificate ca : PemText.certificates(caPem, "CA certificate")) {
            store.setCertificateEntry("ca-" + n++, ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(store);
        return trust;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty key store cannot be made", e);
        }
        return store;
    }
}

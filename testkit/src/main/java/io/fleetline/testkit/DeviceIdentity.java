package io.fleetline.testkit;

import io.fleetline.security.ca.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device's certificate and key as CreateKeysAndCertificate hands them out, written to files for command-line
 * clients and turned into key and trust managers for Java clients.
 */
public record DeviceIdentity(String certificateArn, String certificateId, String certificatePem, String privateKeyPem) {

    /** Writes {@code name.pem} and {@code name.key} into {@code dir}. */
    public Path[] writeTo(Path dir, String name) throws java.io.IOException {
        Path cert = Files.writeString(dir.resolve(name + ".pem"), certificatePem);
        Path key = Files.writeString(dir.resolve(name + ".key"), privateKeyPem);
        return new Path[] {cert, key};
    }

    public KeyManagerFactory keyManagers() throws Exception {
        X509Certificate certificate = Pem.certificate(certificatePem);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("device", Pem.privateKey(privateKeyPem), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory;
    }

    /** Trust for the server's certificate: the Fleetline CA file. */
    public static TrustManagerFactory trusting(Path caFile) throws Exception {
        X509Certificate ca = Pem.certificate(Files.readString(caFile));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("fleetline", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory;
    }
}

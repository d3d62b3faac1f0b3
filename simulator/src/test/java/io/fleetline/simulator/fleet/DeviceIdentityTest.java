package io.fleetline.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** A simulated device's identity as its TLS client uses it: the key managers hold its own key and certificate. */
class DeviceIdentityTest {
    @Test
    void the_key_managers_present_the_devices_certificate_and_sign_with_its_key() throws Exception {
        DeviceKeys keys = DeviceKeys.make("dev-1");
        X509Certificate certificate = certify(keys);
        DeviceIdentity identity = new DeviceIdentity("dev-1", "arn:aws:iot:us-east-1:000000000000:cert/1",
                pem(certificate), keys.privateKeyPem());

        X509KeyManager managers = (X509KeyManager) identity.keyManagers().getKeyManagers()[0];
        String alias = managers.chooseClientAlias(new String[] {"EC"}, null, null);

        assertThat(alias).isNotNull();
        assertThat(managers.getCertificateChain(alias)).containsExactly(certificate);
        PrivateKey key = managers.getPrivateKey(alias);
        assertThat(key.getEncoded()).isEqualTo(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(keys.privateKeyPem().replaceAll("-----[A-Z ]+-----", "")))).getEncoded());
        Signature signing = Signature.getInstance("SHA256withECDSA");
        signing.initSign(key);
        signing.update(new byte[] {1, 2, 3});
        Signature check = Signature.getInstance("SHA256withECDSA");
        check.initVerify(certificate);
        check.update(new byte[] {1, 2, 3});
        assertThat(check.verify(signing.sign())).isTrue();
    }

    /** The certificate of the CSR's key, as the server's CA would issue it (self-signed here: only the key matters). */
    private static X509Certificate certify(DeviceKeys keys) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(keys.csrPem()))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(keys.privateKeyPem().replaceAll("-----[A-Z ]+-----", ""))));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var holder = new JcaX509v3CertificateBuilder(new X500Name("CN=dev-1"), BigInteger.ONE,
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name("CN=dev-1"), new JcaPKCS10CertificationRequest(csr).getPublicKey())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }
}

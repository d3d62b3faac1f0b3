package io.fleetline.storage.security;

import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificates, CAs and CSRs made the way a device maker's own PKI would make them. */
final class TestCertificates {
    private TestCertificates() {
    }

    static CertificateAuthority newCa(String name) {
        return CertificateAuthority.generate(name, Instant.now());
    }

    /** A device certificate signed by {@code ca}, as PEM. */
    static String deviceOf(CertificateAuthority ca) {
        return Pem.write(ca.issueDevice(CertificateAuthority.newKeyPair().getPublic(), Instant.now()));
    }

    /** A certificate signed by {@code ca}'s key with the given common name (a CA verification certificate). */
    static String signedWithCommonName(CertificateAuthority ca, String commonName) {
        try {
            KeyPair keys = CertificateAuthority.newKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.TEN,
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                    new X500Name("CN=" + commonName), keys.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey())));
            return Pem.write(cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate, as RegisterCertificateWithoutCA takes. */
    static String selfSigned() {
        CertificateAuthority alone = newCa("alone");
        return Pem.write(alone.certificate());
    }

    static PKCS10CertificationRequest csr(KeyPair keys) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

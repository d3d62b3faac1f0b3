package io.fleetline.security.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Fleetline's certificate authority: issues device certificates (CreateKeysAndCertificate,
 * CreateCertificateFromCsr) and the server's TLS certificate. Keys are RSA 2048, as AWS IoT issues them,
 * so every device stack can use them.
 */
public final class CertificateAuthority {
    /** AWS issues device certificates valid until the end of 2049. */
    public static final Instant DEVICE_NOT_AFTER = Instant.parse("2049-12-31T23:59:59Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key) {
        return new CertificateAuthority(certificate, key);
    }

    /** A new self-signed CA valid for 30 years from {@code now}. */
    public static CertificateAuthority generate(String commonName, Instant now) {
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName + ",O=Fleetline");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(30 * 365, ChronoUnit.DAYS)), name, pair.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
        return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
    }

    /** Key pairs being made ahead of need, each handed out once. */
    private static final java.util.Queue<java.util.concurrent.CompletableFuture<KeyPair>> AHEAD =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Starts making {@code count} key pairs on threads of their own. An RSA key takes the better part of a second
     * of CPU; a server's first start needs three (CA, TLS, bridge) one after the other, so making them beside the
     * rest of start-up (database, broker) is what makes a fresh, e.g. ephemeral, server quick to start.
     */
    public static void makeKeyPairsAhead(int count) {
        for (int i = 0; i < count; i++) {
            java.util.concurrent.CompletableFuture<KeyPair> pair = new java.util.concurrent.CompletableFuture<>();
            Thread.ofPlatform().daemon().name("fleetline-keygen").start(() -> {
                try {
                    pair.complete(generateKeyPair());
                } catch (RuntimeException e) {
                    pair.completeExceptionally(e);
                }
            });
            AHEAD.add(pair);
        }
    }

    /** A fresh RSA 2048 key pair: one made ahead when there is one, else made now. */
    public static KeyPair newKeyPair() {
        java.util.concurrent.CompletableFuture<KeyPair> ahead = AHEAD.poll();
        return ahead != null ? ahead.join() : generateKeyPair();
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is missing from this JVM", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** A device certificate for {@code publicKey}, named as AWS names the ones it issues. */
    public X509Certificate issueDevice(PublicKey publicKey, Instant now) {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(DEVICE_NOT_AFTER),
                new X500Name("CN=AWS IoT Certificate"), publicKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a device certificate", e);
        }
        return sign(builder, key);
    }

    /** The server's TLS certificate, valid for the given host names and IP addresses. */
    public X509Certificate issueServer(PublicKey publicKey, List<String> hosts, Instant now) {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(825, ChronoUnit.DAYS)),
                new X500Name("CN=" + hosts.get(0) + ",O=Fleetline"), publicKey);
        try {
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                names.add(isAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
                        : new GeneralName(GeneralName.dNSName, host));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot build the server certificate", e);
        }
        return sign(builder, key);
    }

    /** An IPv4 (dotted quad) or IPv6 literal, rather than a DNS name (which has no colon). */
    public static boolean isAddress(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }
}

package io.fleetline.security.ca;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** PEM in and out, and the certificate id AWS uses: the hex SHA-256 of the DER encoding. */
public final class Pem {
    private Pem() {
    }

    public static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The first certificate in a PEM text; anything else is a {@code CertificateValidationException}. */
    public static X509Certificate certificate(String pem) {
        Object object = read(pem, "certificate");
        if (!(object instanceof X509CertificateHolder holder)) {
            throw invalid("The PEM text does not hold a certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw invalid("The certificate cannot be decoded: " + e.getMessage());
        }
    }

    /** Every certificate in a PEM text, in order (a chain). */
    public static java.util.List<X509Certificate> certificates(String pem) {
        java.util.List<X509Certificate> chain = new java.util.ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw invalid("The certificate chain cannot be read: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw invalid("The PEM text holds no certificate");
        }
        return chain;
    }

    /** A PKCS#10 request; anything else is an {@code InvalidRequestException}, as CreateCertificateFromCsr answers. */
    public static PKCS10CertificationRequest csr(String pem) {
        Object object;
        try {
            object = read(pem, "certificate signing request");
        } catch (FleetlineException e) {
            throw FleetlineException.invalid(e.getMessage());
        }
        if (!(object instanceof PKCS10CertificationRequest csr)) {
            throw FleetlineException.invalid("The PEM text does not hold a certificate signing request");
        }
        return csr;
    }

    public static KeyPair keyPair(String pem) {
        Object object = read(pem, "key");
        try {
            if (object instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("the PEM text does not hold a key pair");
    }

    public static PrivateKey privateKey(String pem) {
        return keyPair(pem).getPrivate();
    }

    /**
     * The private key of a PEM text in any of the forms OpenSSL writes unencrypted: PKCS#8 ({@code PRIVATE KEY}),
     * SEC 1 ({@code EC PRIVATE KEY}, after the {@code EC PARAMETERS} that {@code openssl ecparam -genkey} puts first)
     * or PKCS#1 ({@code RSA PRIVATE KEY}). An encrypted key, or anything else, is a
     * {@code CertificateValidationException} saying which.
     */
    public static PrivateKey anyPrivateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            throw invalid("No private key was given");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw invalid("The private key is encrypted; give it unencrypted");
                }
                if (!(object instanceof ASN1ObjectIdentifier) && !(object instanceof X9ECParameters)) {
                    throw invalid("The PEM text holds no private key");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FleetlineException fleetline) {
                throw fleetline;
            }
            throw invalid("The private key PEM cannot be read: " + e.getMessage());
        }
        throw invalid("The PEM text holds no private key");
    }

    public static String certificateId(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    private static Object read(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw invalid("No " + what + " was given");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw invalid("The text is not PEM: it holds no " + what);
            }
            return object;
        } catch (IOException | RuntimeException e) {
            if (e instanceof FleetlineException fleetline) {
                throw fleetline;
            }
            throw invalid("The " + what + " PEM cannot be read: " + e.getMessage());
        }
    }

    private static FleetlineException invalid(String message) {
        return new FleetlineException(ErrorCode.CERTIFICATE_VALIDATION, message);
    }
}

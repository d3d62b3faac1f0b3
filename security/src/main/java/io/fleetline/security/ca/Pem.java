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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

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

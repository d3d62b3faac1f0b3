package io.fleetline.ota.signing;

import io.fleetline.core.error.FleetlineException;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The key algorithms ACM imports, named as ACM names them. An EC key is known by the named curve its certificate
 * declares (a certificate with explicit curve parameters is refused): a 256-bit curve is not P-256 by its size alone.
 */
public enum KeyAlgorithm {
    RSA_1024("RSA_1024"),
    RSA_2048("RSA_2048"),
    RSA_3072("RSA_3072"),
    RSA_4096("RSA_4096"),
    EC_PRIME256V1("EC_prime256v1"),
    EC_SECP384R1("EC_secp384r1"),
    EC_SECP521R1("EC_secp521r1");

    private final String acmName;

    KeyAlgorithm(String acmName) {
        this.acmName = acmName;
    }

    /** The name in ACM's answers and filters, e.g. {@code EC_prime256v1}. */
    public String acmName() {
        return acmName;
    }

    public boolean isEc() {
        return name().startsWith("EC_");
    }

    /** The JCA signature algorithm a signing-key check uses with such a key. */
    String jcaSignature() {
        return isEc() ? "SHA256withECDSA" : "SHA256withRSA";
    }

    public static Optional<KeyAlgorithm> ofAcmName(String name) {
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.acmName.equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** The certificate's key algorithm; one ACM does not import is {@code ValidationException}. */
    public static KeyAlgorithm of(X509Certificate certificate) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return rsa(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength());
        }
        if (algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve) {
            if (curve.equals(SECObjectIdentifiers.secp256r1)) {
                return EC_PRIME256V1;
            }
            if (curve.equals(SECObjectIdentifiers.secp384r1)) {
                return EC_SECP384R1;
            }
            if (curve.equals(SECObjectIdentifiers.secp521r1)) {
                return EC_SECP521R1;
            }
        }
        throw FleetlineException.invalid("The certificate's key algorithm is not supported: ACM imports RSA keys of "
                + "1024, 2048, 3072 or 4096 bits and EC keys on the named curves P-256, P-384 and P-521");
    }

    private static KeyAlgorithm rsa(int bits) {
        return switch (bits) {
            case 1024 -> RSA_1024;
            case 2048 -> RSA_2048;
            case 3072 -> RSA_3072;
            case 4096 -> RSA_4096;
            default -> throw FleetlineException.invalid("The certificate's RSA key of " + bits
                    + " bits is not supported: ACM imports RSA keys of 1024, 2048, 3072 or 4096 bits");
        };
    }
}

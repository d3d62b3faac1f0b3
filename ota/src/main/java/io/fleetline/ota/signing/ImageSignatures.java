package io.fleetline.ota.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;

/**
 * Signatures over a whole image, as AWS Signer's IoT platforms make them and devices verify them: the JCA algorithm
 * {@code <hash>with<encryption>} ({@code SHA256withECDSA}) over every byte, the signature DER-encoded. The image is
 * streamed, never held.
 */
public final class ImageSignatures {
    private static final int BUFFER = 64 * 1024;

    private ImageSignatures() {
    }

    /** Signs the image's bytes, read to their end. */
    static byte[] sign(InputStream image, PrivateKey key, String hashAlgorithm, String encryptionAlgorithm) {
        try {
            Signature signer = Signature.getInstance(jcaName(hashAlgorithm, encryptionAlgorithm));
            signer.initSign(key);
            feed(image, signer);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + jcaName(hashAlgorithm, encryptionAlgorithm), e);
        }
    }

    /**
     * Whether {@code signature} (DER) was made over the image's bytes by the key of {@code certificate}, with the hash
     * and encryption algorithms as AWS names them ({@code SHA256}, {@code ECDSA}; {@code SHA1}, {@code RSA}). A
     * signature that is not even DER verifies nothing.
     */
    public static boolean verify(InputStream image, byte[] signature, String hashAlgorithm, String encryptionAlgorithm,
                                 X509Certificate certificate) {
        try {
            Signature verifier = Signature.getInstance(jcaName(hashAlgorithm, encryptionAlgorithm));
            verifier.initVerify(certificate.getPublicKey());
            feed(image, verifier);
            return verifier.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot verify " + jcaName(hashAlgorithm, encryptionAlgorithm)
                    + " with the certificate's key: " + e.getMessage(), e);
        }
    }

    private static String jcaName(String hashAlgorithm, String encryptionAlgorithm) {
        return hashAlgorithm + "with" + encryptionAlgorithm;
    }

    private static void feed(InputStream image, Signature signature) throws SignatureException {
        byte[] buffer = new byte[BUFFER];
        try {
            for (int n = image.read(buffer); n >= 0; n = image.read(buffer)) {
                signature.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the image could not be read to its end", e);
        }
    }
}

package io.fleetline.ota.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;

/**
 * Signatures over a whole image, as AWS Signer's IoT platforms make them and devices verify them: the JCA algorithm
 * {@code <hash>with<encryption>} ({@code SHA256withECDSA}) over every byte, the signature DER-encoded. The image is
 * streamed, never held. Signing jobs sign with it; OTA updates check a signature the user made with it.
 */
public final class ImageSignatures {
    private static final int BUFFER = 64 * 1024;

    /** What checking a signature over an image found. */
    public enum Check {
        /** Made over these bytes by the key. */
        VALID,
        /** A signature, but not one the key made over these bytes. */
        INVALID,
        /** Not a DER-encoded signature of the algorithm at all. */
        MALFORMED
    }

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
        } catch (IOException e) {
            throw new UncheckedIOException("the image could not be read to its end", e);
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
            return check(image, signature, hashAlgorithm, encryptionAlgorithm, certificate.getPublicKey())
                    == Check.VALID;
        } catch (IOException e) {
            throw new UncheckedIOException("the image could not be read to its end", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot verify " + jcaName(hashAlgorithm, encryptionAlgorithm)
                    + " with the certificate's key: " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code signature} (DER) over the image's bytes, read to their end (the caller closes the stream), against
     * {@code key}, with the hash and encryption algorithms as AWS names them.
     *
     * @throws InvalidKeyException      when the key cannot verify signatures of that algorithm
     * @throws NoSuchAlgorithmException when the platform has no {@code <hash>with<encryption>}
     */
    public static Check check(InputStream image, byte[] signature, String hashAlgorithm, String encryptionAlgorithm,
                              PublicKey key) throws IOException, InvalidKeyException, NoSuchAlgorithmException {
        Signature verifier = Signature.getInstance(jcaName(hashAlgorithm, encryptionAlgorithm));
        verifier.initVerify(key);
        try {
            feed(image, verifier);
            return verifier.verify(signature) ? Check.VALID : Check.INVALID;
        } catch (SignatureException malformed) {
            return Check.MALFORMED;
        }
    }

    private static String jcaName(String hashAlgorithm, String encryptionAlgorithm) {
        return hashAlgorithm + "with" + encryptionAlgorithm;
    }

    private static void feed(InputStream image, Signature signature) throws IOException, SignatureException {
        byte[] buffer = new byte[BUFFER];
        for (int n = image.read(buffer); n >= 0; n = image.read(buffer)) {
            signature.update(buffer, 0, n);
        }
    }
}

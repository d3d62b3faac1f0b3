package io.fleetline.agent.internal.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a downloaded image before anything is written to a slot: its size, its SHA-256 when the document gives one,
 * and its code signature (ECDSA P-256 over SHA-256 of the whole image, DER, base64 in the document) with the
 * code-signing certificate. An image without a signature is refused, as AWS's OTA agents refuse one.
 */
final class ImageCheck {
    /** The image failed a check: the update is refused with this reason. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private ImageCheck() {
    }

    /** The image's SHA-256, in lower-case hexadecimal. */
    static String sha256(Path image) throws IOException {
        try (InputStream in = Files.newInputStream(image)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static void size(Path image, long expected) throws IOException, Refused {
        long size = Files.size(image);
        if (size != expected) {
            throw new Refused("the image is " + size + " bytes; the document says " + expected);
        }
    }

    static void digest(String actual, Optional<String> expected) throws Refused {
        if (expected.isPresent() && !expected.get().equalsIgnoreCase(actual)) {
            throw new Refused("SHA-256 mismatch: the image's is " + actual + ", the document's " + expected.get());
        }
    }

    static void signature(Path image, byte[] signature, X509Certificate signer) throws IOException, Refused {
        try (InputStream in = Files.newInputStream(image)) {
            Signature check = Signature.getInstance("SHA256withECDSA");
            check.initVerify(signer.getPublicKey());
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                check.update(buffer, 0, read);
            }
            if (!check.verify(signature)) {
                throw new Refused("signature check failed: the image is not signed by " + subject(signer));
            }
        } catch (java.security.SignatureException e) {
            throw new Refused("signature check failed: the signature is malformed");
        } catch (GeneralSecurityException e) {
            throw new Refused("signature check failed: " + e.getMessage());
        }
    }

    /** The code-signing certificate at {@code path} (PEM or DER). */
    static X509Certificate certificate(Path path) throws Refused {
        try (InputStream in = Files.newInputStream(path)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new Refused("no code-signing certificate at " + path + ": " + e.getMessage());
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}

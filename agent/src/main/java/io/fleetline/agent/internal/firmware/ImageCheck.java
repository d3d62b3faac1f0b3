package io.fleetline.agent.internal.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

    /** Passes when one of {@code signers} signed the image (one pass over it, every key at once). */
    static void signature(Path image, byte[] signature, List<X509Certificate> signers) throws IOException, Refused {
        List<Signature> checks = new ArrayList<>();
        String malformed = null;
        try (InputStream in = Files.newInputStream(image)) {
            for (X509Certificate signer : signers) {
                Signature check = Signature.getInstance("SHA256withECDSA");
                try {
                    check.initVerify(signer.getPublicKey());
                    checks.add(check);
                } catch (java.security.InvalidKeyException e) {
                    malformed = "the certificate " + subject(signer) + " holds no ECDSA key";
                }
            }
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                for (Signature check : checks) {
                    check.update(buffer, 0, read);
                }
            }
            for (Signature check : checks) {
                try {
                    if (check.verify(signature)) {
                        return;
                    }
                } catch (java.security.SignatureException e) {
                    malformed = "the signature is malformed";
                }
            }
        } catch (GeneralSecurityException e) {
            throw new Refused("signature check failed: " + e.getMessage());
        }
        if (malformed != null && malformed.startsWith("the signature")) {
            throw new Refused("signature check failed: " + malformed);
        }
        throw new Refused("signature check failed: the image is not signed by "
                + (signers.size() == 1 ? subject(signers.get(0))
                                : "any of the " + signers.size() + " code-signing certificates this agent trusts"));
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}

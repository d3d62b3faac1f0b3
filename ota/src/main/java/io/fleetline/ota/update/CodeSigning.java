package io.fleetline.ota.update;

import java.util.Arrays;
import java.util.Optional;

/** How a file's signature is obtained: a finished Signer job, a Signer job to start, or a signature the user made. */
public sealed interface CodeSigning {

    /** A signing job of the account's Signer ({@code awsSignerJobId}); its signed object is what devices get. */
    record SignerJob(String jobId) implements CodeSigning {
    }

    /**
     * A signing job to start over the file's object ({@code startSigningJobParameter}): with the profile named, or
     * with the profile parameters given, writing the signed object under {@code destination}.
     */
    record StartSigning(Optional<String> profileName, Optional<ProfileParameter> profileParameter,
                        Optional<Destination> destination) implements CodeSigning {
    }

    /** {@code signingProfileParameter}: the certificate (an ACM ARN), platform and certificate path on the device. */
    record ProfileParameter(Optional<String> certificateArn, Optional<String> platform,
                            Optional<String> certificatePathOnDevice) {
    }

    /** {@code destination.s3Destination}: where Signer writes the signed object. */
    record Destination(String bucket, Optional<String> prefix) {
    }

    /**
     * A signature made by the user ({@code customCodeSigning}): the signature bytes as sent, the certificate's path on
     * the device ({@code certificateChain.certificateName}) and, optionally, the certificate itself (PEM, which lets
     * Fleetline check the signature at creation), with the hash and signature algorithms ({@code SHA256},
     * {@code ECDSA}).
     */
    record Custom(Optional<Signature> signature, Optional<String> certificateName, Optional<String> certificatePem,
                  Optional<String> hashAlgorithm, Optional<String> signatureAlgorithm) implements CodeSigning {
    }

    /**
     * The bytes of {@code customCodeSigning.signature.inlineDocument} as they arrived. AWS's tools send the base64 text
     * of the DER signature there (which the wire's blob encoding base64-encodes once more), SDKs may send the DER
     * itself; {@link #der()} and {@link #base64()} read either.
     */
    record Signature(byte[] bytes) {
        public Signature {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The DER signature: the bytes decoded when they are base64 text of one, else the bytes themselves. */
        public byte[] der() {
            return SignatureText.der(bytes);
        }

        /** The signature as the job document carries it: base64 of the DER. */
        public String base64() {
            return java.util.Base64.getEncoder().encodeToString(der());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Signature that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Signature[" + bytes.length + " bytes]";
        }
    }
}

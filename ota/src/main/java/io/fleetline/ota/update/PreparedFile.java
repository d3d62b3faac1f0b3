package io.fleetline.ota.update;

import java.util.Optional;

/**
 * A file once its signature is settled: what the job document says of it. {@code object} is the version devices
 * download (the signed object of a Signer job, the file of the user's stream, else the file's own object) and
 * {@code size} its length; {@code stream} is set when the file is a file of a user's stream. {@code signatureKey} is
 * the document's key for the signature ({@code sig-sha256-ecdsa}), {@code signature} its base64 DER.
 */
public record PreparedFile(int fileId, S3File object, Optional<FileLocation.Stream> stream, long size,
                           Optional<String> certificatePath, Optional<String> signatureKey,
                           Optional<String> signature) {
}

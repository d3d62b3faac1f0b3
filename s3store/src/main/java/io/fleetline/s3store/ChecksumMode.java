package io.fleetline.s3store;

/**
 * Whether Fleetline's S3 client sends flexible checksums ({@code x-amz-checksum-crc32} on uploads,
 * {@code x-amz-checksum-mode: ENABLED} on downloads, the SDK's {@code requestChecksumCalculation} and
 * {@code responseChecksumValidation}). Current AWS SDKs send them by default; stores that predate them refuse them:
 * s3proxy 2.6.0 answers {@code 501 NotImplemented}.
 */
public enum ChecksumMode {
    /** Only where an operation requires one (none of those Fleetline uses): what every S3-compatible store takes. */
    WHEN_REQUIRED,
    /** Wherever the operation supports one: AWS S3 and stores that implement flexible checksums. */
    WHEN_SUPPORTED
}

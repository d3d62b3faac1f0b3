package io.fleetline.api.s3;

/**
 * Serves one S3 operation: reads the bound, validated input (and the body stream of an upload), calls the domain, and
 * answers the output members (and the bytes of a download). A failure the client is told about is an
 * {@link S3Exception}, or a {@code FleetlineException} whose code is one of S3's.
 */
@FunctionalInterface
public interface S3Handler {
    S3Result handle(S3Call call);
}

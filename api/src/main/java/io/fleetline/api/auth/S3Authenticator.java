package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;

/**
 * How requests to the S3 streaming route are authenticated: Signature Version 4 in every form (header, presigned
 * URL), as the server's {@link SigV4Verifier} checks it, and also S3's legacy query-string signature (SigV2:
 * {@code AWSAccessKeyId}, {@code Expires}, {@code Signature}) for GET and HEAD, because the AWS CLI v1's
 * {@code aws s3 presign} makes such URLs. Only the S3 route takes the legacy form; the IoT API never does.
 */
public final class S3Authenticator implements Authenticator {
    private final Authenticator sigV4;

    /**
     * @param sigV4 the server's authenticator: a {@link SigV4Verifier} (real or permissive), whose keys, clock and
     *              region the legacy form is checked with too; any other (no authentication) admits the legacy form
     *              as it admits everything
     */
    public S3Authenticator(Authenticator sigV4) {
        this.sigV4 = sigV4;
    }

    /** True when the request carries S3's legacy query-string signature (and no SigV4 one). */
    public static boolean isSigV2Presigned(RawRequest head) {
        return SigV2Query.isSigned(head);
    }

    @Override
    public Admission admit(RawRequest head) {
        if (SigV2Query.isSigned(head) && sigV4 instanceof SigV4Verifier verifier) {
            return SigV2Query.admit(head, verifier);
        }
        return sigV4.admit(head);
    }
}

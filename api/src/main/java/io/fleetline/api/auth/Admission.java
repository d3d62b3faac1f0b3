package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.ErrorCode;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A request whose head passed authentication: who it claims to be, and the check that completes once its body is
 * read — buffered ({@link #confirm}: a signature over the body's hash, or the body against the hash the head declared
 * and the signature covered) or streamed ({@link #stream}: checked while it is read).
 */
public interface Admission {
    /** The caller the head names; trusted only after {@link #confirm}, or once {@link #stream}'s end was read. */
    Caller caller();

    /**
     * Completes authentication with the whole request.
     *
     * @throws io.fleetline.core.error.FleetlineException the AWS error, when the body does not match its signature
     */
    void confirm(RawRequest request);

    /**
     * The body of a request that is streamed instead of buffered, read from {@code wire}: decoded from the framing
     * its head declares, and checked against its signature while it is read (see {@link PayloadStream}).
     *
     * @throws SignatureException {@code PAYLOAD_HASH_MISSING} when the signature covers a hash of the body that the
     *                            head does not declare (only a buffered body can be checked then);
     *                            {@code PAYLOAD_HASH_INVALID} when the declared hash is not one SigV4 defines
     */
    PayloadStream stream(RawRequest head, InputStream wire);

    /** A caller whose head said all there is to check. */
    static Admission of(Caller caller) {
        return new Admission() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public void confirm(RawRequest request) {
                // nothing to check beyond the head
            }

            @Override
            public PayloadStream stream(RawRequest head, InputStream wire) {
                return PayloadStream.unverified(head, wire);
            }
        };
    }

    /**
     * A caller whose authentication completes with {@code check} once the body is in memory: its body cannot be
     * streamed.
     */
    static Admission of(Caller caller, Consumer<RawRequest> check) {
        return new Admission() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public void confirm(RawRequest request) {
                check.accept(request);
            }

            @Override
            public PayloadStream stream(RawRequest head, InputStream wire) {
                throw new SignatureException(SignatureException.Reason.PAYLOAD_HASH_MISSING, ErrorCode.INVALID_REQUEST,
                        "Missing required header for this request: x-amz-content-sha256");
            }
        };
    }
}

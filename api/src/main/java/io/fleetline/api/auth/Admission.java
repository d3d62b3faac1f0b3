package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import java.util.function.Consumer;

/**
 * A request whose head passed authentication: who it claims to be, and the check that completes once its body is
 * read (a signature over the body's hash, or the body against the hash the head declared and the signature covered).
 */
public interface Admission {
    /** The caller the head names; trusted only after {@link #confirm}. */
    Caller caller();

    /**
     * Completes authentication with the whole request.
     *
     * @throws io.fleetline.core.error.FleetlineException the AWS error, when the body does not match its signature
     */
    void confirm(RawRequest request);

    /** A caller whose head said all there is to check. */
    static Admission of(Caller caller) {
        return of(caller, request -> { });
    }

    /** A caller whose authentication completes with {@code check} once the body is in. */
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
        };
    }
}

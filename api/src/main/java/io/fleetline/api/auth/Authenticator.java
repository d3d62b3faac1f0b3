package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;

/**
 * Decides who made a request, or fails with the AWS error for why it cannot tell. It works in two steps so that a
 * request is refused before a byte of its body is read whenever its head alone says enough: a missing or malformed
 * signature, an unknown key, a time outside the window, the wrong region.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * Checks what the request's head (method, path, query and headers; its body is not read yet) can tell, and
     * answers who it claims to be together with the check that completes once the body is in.
     *
     * @throws io.fleetline.core.error.FleetlineException the AWS error, when the head alone refuses the request
     */
    Admission admit(RawRequest head);

    /** Both steps at once, for a request whose body is in (or that has none). */
    default Caller authenticate(RawRequest request) {
        Admission admission = admit(request);
        admission.confirm(request);
        return admission.caller();
    }

    /** No authentication at all (the explicit --insecure-no-auth mode). */
    Authenticator NONE = head -> Admission.of(Caller.ANONYMOUS);
}

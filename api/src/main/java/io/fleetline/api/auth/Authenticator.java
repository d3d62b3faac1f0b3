package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;

/** Decides who made a request, or fails with the AWS error for why it cannot tell. */
@FunctionalInterface
public interface Authenticator {
    Caller authenticate(RawRequest request);

    /** No authentication at all (the explicit --insecure-no-auth mode). */
    Authenticator NONE = request -> Caller.ANONYMOUS;
}

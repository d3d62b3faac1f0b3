package io.fleetline.api.handler;

import io.fleetline.api.auth.Caller;

/** Which handlers serve a caller: one set for the whole server, or, in the test-double mode, one per account. */
@FunctionalInterface
public interface HandlerSource {
    HandlerRegistry handlersFor(Caller caller);
}

package io.fleetline.api.http;

/**
 * A request's body, read only when the dispatcher asks for it: after the request's head passed authentication and
 * routing, so that nothing is buffered for a request that is refused anyway.
 */
@FunctionalInterface
public interface BodySource {
    /**
     * The whole body.
     *
     * @throws io.fleetline.core.error.FleetlineException when it cannot be had: too large, too slow, or the server's
     *                                                    budget for buffered bodies is spent
     */
    byte[] read();
}

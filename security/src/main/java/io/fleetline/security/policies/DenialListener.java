package io.fleetline.security.policies;

/**
 * Hears of every action a device's policies refused, as the broker and the HTTPS device port ask them: a connect,
 * publish, subscribe or receive that was denied, or a data-plane call. Operators count these (an alert on a surge
 * says a fleet's policies or a certificate went wrong); the server binds it to its metrics.
 *
 * <p>It runs on the thread that asked, on the broker's hot path: it must be quick and must not throw.
 */
@FunctionalInterface
public interface DenialListener {
    /** Hears nothing. */
    DenialListener NONE = action -> { };

    /** @param action the IoT action refused ({@code iot:Publish}); the resource is left out on purpose (unbounded) */
    void denied(String action);
}

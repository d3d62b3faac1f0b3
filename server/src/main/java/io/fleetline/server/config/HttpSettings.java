package io.fleetline.server.config;

import io.fleetline.api.http.HttpLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP listeners.
 *
 * @param port            the API port ({@code --http-port}); 0 picks a free one
 * @param deviceHttpsPort the HTTPS port where devices call the data planes with their certificates
 *                        ({@code --device-https-port}; AWS: 8443); empty runs none
 * @param limits          what a client of either may send, and how slowly (body size, budget, timeouts)
 */
public record HttpSettings(int port, Optional<Integer> deviceHttpsPort, HttpLimits limits) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_DEVICE_HTTPS_PORT = 8443;

    public HttpSettings {
        Bounds.requirePort("--http-port", port);
        deviceHttpsPort.ifPresent(p -> Bounds.requirePort("--device-https-port", p));
        Objects.requireNonNull(limits, "limits");
    }

    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_PORT, Optional.of(DEFAULT_DEVICE_HTTPS_PORT), HttpLimits.defaults());
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(newPort, deviceHttpsPort, limits);
    }

    /** @param newPort the device HTTPS port; 0 picks a free one */
    public HttpSettings withDeviceHttpsPort(int newPort) {
        return new HttpSettings(port, Optional.of(newPort), limits);
    }

    public HttpSettings withoutDeviceHttps() {
        return new HttpSettings(port, Optional.empty(), limits);
    }

    public HttpSettings withLimits(HttpLimits newLimits) {
        return new HttpSettings(port, deviceHttpsPort, newLimits);
    }

    /**
     * The limits of {@code --http-body-budget}, {@code --http-body-timeout} and {@code --http-idle-timeout}, the
     * others as they are. {@link HttpLimits} owns their bounds; they are set one at a time so that a refusal names
     * the flag at fault.
     */
    public HttpSettings withBodyLimits(long bodyBudgetBytes, Duration bodyTimeout, Duration idleTimeout) {
        HttpLimits budget = Bounds.named("--http-body-budget", () -> limits.withBodyBudget(bodyBudgetBytes));
        HttpLimits body = Bounds.named("--http-body-timeout", () -> budget.withBodyTimeout(bodyTimeout));
        return withLimits(Bounds.named("--http-idle-timeout", () -> body.withIdleTimeout(idleTimeout)));
    }

    /** The limit of {@code --http-max-connections}; {@link HttpLimits} owns its bounds. */
    public HttpSettings withMaxConnections(int connections) {
        return withLimits(Bounds.named("--http-max-connections", () -> limits.withMaxConnections(connections)));
    }
}

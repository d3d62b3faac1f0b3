package io.fleetline.api.http;

import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.binding.RawRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The streaming routes of a listener and how their requests are authenticated (both ports: a presigned S3 URL is
 * served on the device port too, by its signature alone).
 */
public record StreamingRoutes(Authenticator authenticator, Map<String, StreamingRoute> bySigningName) {
    /** No streaming route: every request goes to the dispatcher. */
    public static final StreamingRoutes NONE = new StreamingRoutes(Authenticator.NONE, Map.of());

    public StreamingRoutes {
        bySigningName = Map.copyOf(bySigningName);
    }

    public static StreamingRoutes of(Authenticator authenticator, StreamingRoute... routes) {
        Map<String, StreamingRoute> bySigningName = new LinkedHashMap<>();
        for (StreamingRoute route : routes) {
            if (bySigningName.put(route.signingName(), route) != null) {
                throw new IllegalArgumentException("two streaming routes serve " + route.signingName());
            }
        }
        return new StreamingRoutes(authenticator, bySigningName);
    }

    /** The route of the service a request's credential scope names, if one streams it. */
    Optional<StreamingRoute> routeFor(RawRequest head) {
        if (bySigningName.isEmpty()) {
            return Optional.empty();
        }
        return SigV4Verifier.scopeService(head).map(bySigningName::get);
    }
}

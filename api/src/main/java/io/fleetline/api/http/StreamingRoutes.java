package io.fleetline.api.http;

import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.S3Authenticator;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.binding.RawRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The streaming routes of a listener and how their requests are authenticated (both ports: a presigned S3 URL is
 * served on the device port too, by its signature alone). For S3 the authenticator is an {@link S3Authenticator} over
 * the server's SigV4 one, so that the CLI v1's legacy presigned URLs are read too.
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

    /**
     * The route of the service a request's credential scope names, if one streams it. S3's legacy query-string
     * signature (SigV2) names no scope: such a request is S3's.
     */
    Optional<StreamingRoute> routeFor(RawRequest head) {
        if (bySigningName.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> service = SigV4Verifier.scopeService(head);
        if (service.isEmpty() && S3Authenticator.isSigV2Presigned(head)) {
            service = Optional.of("s3");
        }
        return service.map(bySigningName::get);
    }

    /**
     * The route of a request on the device port: only a download by a presigned URL (GET or HEAD, signed in its
     * query, SigV4 or SigV2, no {@code Authorization} header) is streamed there, certificate or not — every other
     * request on that port is the device dispatcher's, which wants a client certificate.
     */
    Optional<StreamingRoute> deviceRouteFor(RawRequest head) {
        return presignedDownload(head) ? routeFor(head) : Optional.empty();
    }

    private static boolean presignedDownload(RawRequest head) {
        return (head.method().equals("GET") || head.method().equals("HEAD"))
                && head.header("authorization").isEmpty()
                && (head.hasQueryParameter("X-Amz-Signature") || S3Authenticator.isSigV2Presigned(head));
    }
}

package io.fleetline.server.metrics;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.http.ApiResponse;
import io.fleetline.api.http.PlainRoute;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the scrape in Prometheus's text format, to anyone, or with a token only to requests that show
 * it as {@code Authorization: Bearer <token>} (others get 401 and nothing else). The token is compared by its SHA-256,
 * in constant time, so neither its length nor its content leaks through timing.
 */
final class ScrapeRoute implements PlainRoute {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String BEARER = "Bearer ";
    private static final byte[] REFUSED = "401 Unauthorized: this scrape needs its bearer token\n"
            .getBytes(StandardCharsets.UTF_8);

    private final Supplier<String> scrape;
    private final Optional<byte[]> tokenDigest;

    ScrapeRoute(Supplier<String> scrape, Optional<String> token) {
        this.scrape = scrape;
        this.tokenDigest = token.map(ScrapeRoute::sha256);
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public ApiResponse answer(RawRequest head) {
        if (tokenDigest.isPresent() && !shows(head, tokenDigest.get())) {
            return new ApiResponse(401, Map.of("Content-Type", "text/plain; charset=utf-8",
                    "WWW-Authenticate", "Bearer realm=\"fleetline metrics\""), REFUSED);
        }
        return new ApiResponse(200, Map.of("Content-Type", CONTENT_TYPE),
                scrape.get().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean shows(RawRequest head, byte[] expected) {
        Optional<String> authorization = head.header("Authorization");
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.get().substring(BEARER.length()).strip()), expected);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

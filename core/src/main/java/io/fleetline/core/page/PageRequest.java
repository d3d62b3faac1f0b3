package io.fleetline.core.page;

import io.fleetline.core.error.FleetlineException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One page's worth of a list request. The token names the last key of the previous page (keyset
 * paging), so items added meanwhile neither shift nor repeat what the client has seen.
 */
public record PageRequest(int limit, Optional<String> after) {
    private static final String PREFIX = "fl1:";

    public PageRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Builds a request from the wire's {@code maxResults} and {@code nextToken}. */
    public static PageRequest of(Integer maxResults, String nextToken, int defaultLimit) {
        int limit = maxResults == null ? defaultLimit : maxResults;
        return new PageRequest(limit,
                Optional.ofNullable(nextToken).filter(t -> !t.isEmpty()).map(PageRequest::decode));
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX) && text.chars().noneMatch(c -> c < 0x20)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below, like a token of the wrong shape
        }
        throw FleetlineException.invalid("The nextToken is not valid: " + token);
    }
}

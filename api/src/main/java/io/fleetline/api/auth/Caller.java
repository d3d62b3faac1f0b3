package io.fleetline.api.auth;

import java.util.Optional;

/**
 * Who made a request, as its signature tells: the access key, and the region and service named in the
 * credential scope. An unsigned request (auth disabled) has no key and no scope.
 */
public record Caller(Optional<String> accessKeyId, Optional<String> region, Optional<String> service) {
    public static final Caller ANONYMOUS = new Caller(Optional.empty(), Optional.empty(), Optional.empty());
}

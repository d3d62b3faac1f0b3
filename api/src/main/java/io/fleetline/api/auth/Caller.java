package io.fleetline.api.auth;

import java.util.Optional;

/**
 * Who made a request: an operator signing with an access key (with the region and service named in the
 * credential scope), or a device presenting its certificate on the device port. An unsigned request (auth
 * disabled) has neither.
 */
public record Caller(Optional<String> accessKeyId, Optional<String> region, Optional<String> service,
                     Optional<DevicePrincipal> device) {
    public static final Caller ANONYMOUS = new Caller(Optional.empty(), Optional.empty(), Optional.empty());

    /** A caller that signed with an access key (or none), not a device. */
    public Caller(Optional<String> accessKeyId, Optional<String> region, Optional<String> service) {
        this(accessKeyId, region, service, Optional.empty());
    }

    public static Caller device(DevicePrincipal principal) {
        return new Caller(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(principal));
    }
}

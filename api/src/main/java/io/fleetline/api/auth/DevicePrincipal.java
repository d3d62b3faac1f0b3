package io.fleetline.api.auth;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.policies.DevicePermissions;

/**
 * A device calling the data plane over HTTPS with its certificate, what its policies allow it, and the account its
 * certificate is registered in when that is not the server's own (permissive mode).
 */
public record DevicePrincipal(String certificateId, DevicePermissions permissions,
                              java.util.Optional<io.fleetline.core.arn.AccountScope> account) {

    /** Fails with {@code UnauthorizedException} unless the device's policies allow the action on the resource. */
    public void require(String action, String resourceArn) {
        if (!permissions.allows(action, resourceArn)) {
            throw new FleetlineException(ErrorCode.UNAUTHORIZED, "Not authorized to " + action + " on " + resourceArn);
        }
    }
}

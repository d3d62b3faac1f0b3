package io.fleetline.api.auth;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.policies.DevicePermissions;

/** A device calling the data plane over HTTPS with its certificate, and what its policies allow it. */
public record DevicePrincipal(String certificateId, DevicePermissions permissions) {
    /** Fails with {@code UnauthorizedException} unless the device's policies allow the action on the resource. */
    public void require(String action, String resourceArn) {
        if (!permissions.allows(action, resourceArn)) {
            throw new FleetlineException(ErrorCode.UNAUTHORIZED, "Not authorized to " + action + " on " + resourceArn);
        }
    }
}

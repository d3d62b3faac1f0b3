package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates a device on the HTTPS device port by its TLS client certificate (the handshake already
 * refused unregistered ones; this catches one deactivated since) and computes what its policies allow.
 * HTTPS has no MQTT client id, so thing-name policy variables stay unresolved, as on AWS.
 */
public final class DeviceAuthenticator implements Authenticator {
    private final Function<X509Certificate, Optional<DevicePrincipal>> principals;

    /** @param principals the device a usable certificate belongs to, in whichever account it is registered */
    public DeviceAuthenticator(Function<X509Certificate, Optional<DevicePrincipal>> principals) {
        this.principals = principals;
    }

    @Override
    public Admission admit(RawRequest head) {
        return Admission.of(Caller.device(head.clientCertificate().flatMap(principals)
                .orElseThrow(() -> new FleetlineException(ErrorCode.UNAUTHORIZED,
                        "A registered, active client certificate is required on this port"))));
    }
}

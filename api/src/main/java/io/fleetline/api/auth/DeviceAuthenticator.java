package io.fleetline.api.auth;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateService;
import io.fleetline.security.policies.AuthorizationService;

/**
 * Authenticates a device on the HTTPS device port by its TLS client certificate (the handshake already
 * refused unregistered ones; this catches one deactivated since) and computes what its policies allow.
 * HTTPS has no MQTT client id, so thing-name policy variables stay unresolved, as on AWS.
 */
public final class DeviceAuthenticator implements Authenticator {
    private final java.util.function.Function<java.security.cert.X509Certificate, java.util.Optional<DevicePrincipal>>
            principals;

    public DeviceAuthenticator(CertificateService certificates, AuthorizationService authorization) {
        this(presented -> certificates.usableCertificate(presented).map(certificate ->
                new DevicePrincipal(certificate.id(), authorization.permissions(certificate, ""))));
    }

    /** @param principals the device a usable certificate belongs to, in whichever account it is registered */
    public DeviceAuthenticator(
            java.util.function.Function<java.security.cert.X509Certificate, java.util.Optional<DevicePrincipal>> principals) {
        this.principals = principals;
    }

    @Override
    public Caller authenticate(RawRequest request) {
        return Caller.device(request.clientCertificate().flatMap(principals)
                .orElseThrow(() -> new FleetlineException(ErrorCode.UNAUTHORIZED,
                        "A registered, active client certificate is required on this port")));
    }
}

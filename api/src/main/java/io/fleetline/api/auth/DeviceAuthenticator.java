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
    private final CertificateService certificates;
    private final AuthorizationService authorization;

    public DeviceAuthenticator(CertificateService certificates, AuthorizationService authorization) {
        this.certificates = certificates;
        this.authorization = authorization;
    }

    @Override
    public Caller authenticate(RawRequest request) {
        Certificate certificate = request.clientCertificate().flatMap(certificates::usableCertificate)
                .orElseThrow(() -> new FleetlineException(ErrorCode.UNAUTHORIZED,
                        "A registered, active client certificate is required on this port"));
        return Caller.device(new DevicePrincipal(certificate.id(), authorization.permissions(certificate, "")));
    }
}

package io.fleetline.api.security;

import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.security.Security;

/** Registers every security operation Fleetline serves. */
public final class SecurityApi {
    private SecurityApi() {
    }

    public static void register(HandlerRegistry handlers, Security security) {
        CertificateHandlers.register(handlers, security.certificates());
        CertificateTransferHandlers.register(handlers, security.transfers());
        CaCertificateHandlers.register(handlers, security.caCertificates(), security.accountId());
        ThingPrincipalHandlers.register(handlers, security.principals());
        PolicyHandlers.register(handlers, security.policies());
        PolicyAttachmentHandlers.register(handlers, security);
    }
}

package io.fleetline.broker;

import io.fleetline.core.arn.AccountScope;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The accounts whose devices the broker serves, and which of them a device belongs to. */
public interface DeviceAccounts {
    /** The server's own account. */
    DeviceAccount home();

    /** The account in which the presented certificate is registered and usable; the home account is asked first. */
    Optional<DeviceAccount> holding(X509Certificate presented);

    /** An account by region and id, for sessions Fleetline authenticated itself (SigV4 WebSocket). */
    DeviceAccount of(AccountScope scope);

    /**
     * Told of a certificate chain the TLS layer refused (a device's certificate, then the issuers it sent), which
     * just-in-time registration may register. Called inside the handshake: it must not block.
     */
    default void refused(List<X509Certificate> chain) {
    }

}

package io.fleetline.broker.internal;

import io.fleetline.security.cert.Certificate;
import io.fleetline.security.policies.DevicePermissions;
import java.util.Optional;

/**
 * A connected device: its certificate (absent on the development plain listener), what it may do, the
 * policy generation those permissions were computed at, and whether its deliveries are checked one by one
 * (absent when it may do anything).
 */
record DeviceSession(String clientId, Optional<Certificate> certificate, DevicePermissions permissions, long generation,
                     String sessionId, boolean mqtt5, Optional<ReceiveGate> receiveGate) {
    boolean unrestricted() {
        return certificate.isEmpty();
    }

    DeviceSession withPermissions(DevicePermissions newPermissions, long newGeneration) {
        return new DeviceSession(clientId, certificate, newPermissions, newGeneration, sessionId, mqtt5, receiveGate);
    }
}

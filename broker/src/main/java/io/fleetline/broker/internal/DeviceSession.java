package io.fleetline.broker.internal;

import io.fleetline.broker.DeviceAccount;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.policies.DevicePermissions;
import java.util.Optional;

/**
 * A connected device: the broker's name for its client id, the account it acts in, its certificate (absent for
 * sessions without one: the development plain listener and operators), what it may do, the policy generation those
 * permissions were computed at, and what its deliveries are looked at for: {@code iot:Receive} one by one (absent
 * when it may receive anything), {@code $} topics under wildcard filters (absent in a namespaced account); and the
 * filters under which the broker answers its requests ({@link Replies}), and the subscriptions the client made itself,
 * whose QoS its answers go at.
 */
record DeviceSession(String clientId, DeviceAccount account, Optional<Certificate> certificate,
                     DevicePermissions permissions, long generation, String sessionId, boolean mqtt5,
                     DeliveryChecks deliveryChecks, Optional<ReceiveGate> receiveGate,
                     Optional<DollarTopics> dollarTopics, ReplyFilters replyFilters,
                     OwnSubscriptions ownSubscriptions) {
    boolean unrestricted() {
        return certificate.isEmpty();
    }

    /** The client id as the device sent it. */
    String deviceClientId() {
        return account.outside(clientId);
    }

    DeviceSession withPermissions(DevicePermissions newPermissions, long newGeneration) {
        return new DeviceSession(clientId, account, certificate, newPermissions, newGeneration, sessionId, mqtt5,
                deliveryChecks, receiveGate, dollarTopics, replyFilters, ownSubscriptions);
    }
}

package io.fleetline.broker.internal;

import io.fleetline.security.policies.DevicePermissions;
import io.fleetline.security.policy.AuthorizationContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected devices and their cached permissions. A policy change bumps the generation; a session whose
 * permissions are older is recomputed at its next action, so a changed policy applies without reconnecting.
 */
final class DeviceSessions {
    private final Map<String, DeviceSession> byClient = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    long generation() {
        return generation.get();
    }

    void policiesChanged() {
        generation.incrementAndGet();
        byClient.values().forEach(s -> s.receiveGate().ifPresent(ReceiveGate::policiesChanged));
    }

    void put(DeviceSession session) {
        byClient.put(session.clientId(), session);
    }

    void remove(String clientId, String sessionId) {
        byClient.computeIfPresent(clientId, (id, s) -> s.sessionId().equals(sessionId) ? null : s);
    }

    Optional<DeviceSession> get(String clientId) {
        return Optional.ofNullable(byClient.get(clientId));
    }

    /** The session's permissions, recomputed when policies changed since they were computed. */
    Optional<DevicePermissions> permissions(String clientId) {
        DeviceSession session = byClient.get(clientId);
        if (session == null) {
            return Optional.empty();
        }
        long now = generation.get();
        if (session.generation() != now && session.certificate().isPresent()) {
            DeviceSession fresh = session.withPermissions(session.account().authorization()
                    .permissions(session.certificate().get(), session.deviceClientId()), now);
            byClient.replace(clientId, session, fresh);
            return Optional.of(fresh.permissions());
        }
        return Optional.of(session.permissions());
    }

    /** Whether the connected client may do {@code action} on the resource; a client not connected may do nothing. */
    boolean allows(String clientId, String action, String resourceArn) {
        DeviceSession session = byClient.get(clientId);
        if (session != null && session.unrestricted()) {
            return true;
        }
        return permissions(clientId).map(p -> p.allows(action, resourceArn)).orElse(false);
    }

    /** Client ids of sessions that connected with the given certificate. */
    List<String> clientsOf(String certificateId) {
        return byClient.values().stream()
                .filter(s -> s.certificate().map(c -> c.id().equals(certificateId)).orElse(false))
                .map(DeviceSession::clientId).toList();
    }

    static DevicePermissions unrestricted() {
        return new DevicePermissions(List.of(), AuthorizationContext.empty());
    }
}

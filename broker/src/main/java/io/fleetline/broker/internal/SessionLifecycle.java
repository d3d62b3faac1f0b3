package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import java.util.Optional;

/** Presence events, retained wills, and forgetting sessions that end. */
final class SessionLifecycle implements ClientLifecycleEventListener {
    private final DeviceSessions sessions;
    private final PresenceEvents presence;
    private final RetainedWills wills;

    SessionLifecycle(DeviceSessions sessions, PresenceEvents presence, RetainedWills wills) {
        this.sessions = sessions;
        this.presence = presence;
        this.wills = wills;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // nothing until authentication has decided
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        sessions.get(input.getClientInformation().getClientId()).ifPresent(presence::connected);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        String clientId = input.getClientInformation().getClientId();
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        Optional<String> sessionId = attributes.getAsString(DeviceRules.SESSION_ATTRIBUTE);
        if (sessionId.isEmpty()) {
            wills.claim(attributes);  // never authenticated: nothing was announced, no will is kept
            return;
        }
        Optional<DeviceSession> current = sessions.get(clientId).filter(s -> s.sessionId().equals(sessionId.get()));
        current.ifPresent(s -> presence.disconnected(s, awsReason(input)));
        sessions.remove(clientId, sessionId.get());
        wills.ended(sessionId.get(), input, current.isEmpty());
    }

    /** The disconnect reasons AWS IoT names in its lifecycle events. */
    private static String awsReason(DisconnectEventInput input) {
        if (input instanceof ClientInitiatedDisconnectInput) {
            return "CLIENT_INITIATED_DISCONNECT";
        }
        if (input instanceof ConnectionLostInput) {
            return "CONNECTION_LOST";
        }
        return switch (input.getReasonCode().map(Enum::name).orElse("")) {
            case "SESSION_TAKEN_OVER" -> "DUPLICATE_CLIENTID";
            case "NOT_AUTHORIZED" -> "AUTHORIZATION_ERROR";
            case "KEEP_ALIVE_TIMEOUT" -> "MQTT_KEEP_ALIVE_TIMEOUT";
            // a payload over the limit (quota exceeded) is the client's fault, as AWS IoT counts it
            case "PACKET_TOO_LARGE", "MALFORMED_PACKET", "PROTOCOL_ERROR", "QUOTA_EXCEEDED" -> "CLIENT_ERROR";
            default -> "SERVER_INITIATED_DISCONNECT";
        };
    }
}

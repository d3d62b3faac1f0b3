package io.fleetline.server.config;

import java.util.Optional;

/**
 * The listeners of the embedded MQTT broker.
 *
 * @param port          MQTT over mutual TLS ({@code --mqtt-port}; AWS: 8883); 0 picks a free port, empty runs no
 *                      broker and so none of these listeners
 * @param plainPort     unauthenticated plain MQTT for local development ({@code --mqtt-plain-port}); empty is off
 * @param webSocketPort MQTT over WebSocket over mutual TLS at {@code /mqtt} ({@code --mqtt-ws-port}); empty is off
 */
public record MqttSettings(Optional<Integer> port, Optional<Integer> plainPort, Optional<Integer> webSocketPort) {
    public static final int DEFAULT_PORT = 8883;
    /** AWS serves MQTT over WebSocket on 443; Fleetline picks the port MQTT brokers commonly use for it. */
    public static final int DEFAULT_WEBSOCKET_PORT = 8884;
    /** No broker. */
    public static final MqttSettings OFF = new MqttSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public MqttSettings {
        port.ifPresent(p -> Bounds.requirePort("--mqtt-port", p));
        plainPort.ifPresent(p -> Bounds.requirePort("--mqtt-plain-port", p));
        webSocketPort.ifPresent(p -> Bounds.requirePort("--mqtt-ws-port", p));
    }

    public static MqttSettings defaults() {
        return new MqttSettings(Optional.of(DEFAULT_PORT), Optional.empty(), Optional.of(DEFAULT_WEBSOCKET_PORT));
    }

    /** @param newPort the MQTT TLS port; 0 picks a free one */
    public MqttSettings withPort(int newPort) {
        return new MqttSettings(Optional.of(newPort), plainPort, webSocketPort);
    }

    /** @param newPort the plain MQTT port; 0 picks a free one */
    public MqttSettings withPlainPort(int newPort) {
        return new MqttSettings(port, Optional.of(newPort), webSocketPort);
    }

    /** @param newPort the MQTT-over-WebSocket port; 0 picks a free one */
    public MqttSettings withWebSocketPort(int newPort) {
        return new MqttSettings(port, plainPort, Optional.of(newPort));
    }
}

package io.fleetline.broker;

import io.fleetline.core.bus.MessageLimits;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the broker listens and what it holds.
 *
 * @param bindHost         the address listeners bind to
 * @param tlsPort          MQTT over mutual TLS (AWS: 8883); 0 picks a free port
 * @param plainPort        an unauthenticated plain-TCP listener for local development, when present
 * @param webSocketPort    MQTT over WebSocket over mutual TLS at {@code /mqtt}, when present
 * @param workDir          where the broker keeps its configuration, key stores and sessions
 * @param serverChainPem   the server's TLS certificate chain (PEM file)
 * @param serverKeyPem     the server's private key (PEM file)
 * @param maxQueuedMessages QoS 1 messages kept per offline persistent session before new ones are refused
 */
public record BrokerSettings(String bindHost, int tlsPort, Optional<Integer> plainPort,
                             Optional<Integer> webSocketPort, Path workDir,
                             Path serverChainPem, Path serverKeyPem, long maxQueuedMessages) {
    /**
     * AWS IoT limits: packets of 146 KiB (its MQTT 5 CONNACK's Maximum Packet Size), in which the payload is held to
     * 128 KB ({@link MessageLimits#MAX_PAYLOAD_BYTES}); topics of 256 bytes; keep-alive at most 1200 s.
     */
    public static final int MAX_PACKET_BYTES = MessageLimits.MAX_PACKET_BYTES;
    public static final int MAX_PAYLOAD_BYTES = MessageLimits.MAX_PAYLOAD_BYTES;
    public static final int MAX_TOPIC_LENGTH = 256;
    public static final int MAX_KEEP_ALIVE_SECONDS = 1200;
    /** AWS IoT's persistent session expiry: one hour. */
    public static final long MAX_SESSION_EXPIRY_SECONDS = 3600;
    public static final long DEFAULT_MAX_QUEUED_MESSAGES = 100_000;
}

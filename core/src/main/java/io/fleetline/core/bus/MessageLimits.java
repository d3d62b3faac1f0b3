package io.fleetline.core.bus;

/**
 * AWS IoT's message broker limits, the same whichever way a message comes in (MQTT on any listener, HTTP publish on
 * either port), so that a device behaves here as it will on AWS.
 */
public final class MessageLimits {
    /** The largest payload of a message: 128 KB as AWS IoT documents it, 131,072 bytes. */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    /**
     * The largest MQTT packet, the Maximum Packet Size AWS IoT announces in its MQTT 5 CONNACK (146 KiB): room for a
     * payload of the largest size with its topic and properties. A packet within it whose payload is over
     * {@link #MAX_PAYLOAD_BYTES} is still refused, for the payload.
     */
    public static final int MAX_PACKET_BYTES = 146 * 1024;

    private MessageLimits() {
    }
}

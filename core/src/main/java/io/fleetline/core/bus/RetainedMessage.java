package io.fleetline.core.bus;

import java.time.Instant;

/**
 * The message a topic retains: what a new subscriber to the topic gets first.
 *
 * @param topic     the topic, never a reserved {@code $aws/...} one
 * @param payload   the payload; never empty (an empty retained publish clears the topic instead)
 * @param qos       the QoS it was published with
 * @param updatedAt when it was published
 */
public record RetainedMessage(String topic, byte[] payload, int qos, Instant updatedAt) {
}

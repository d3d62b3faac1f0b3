package io.fleetline.agent.internal.firmware;

import java.io.IOException;
import java.util.function.Consumer;

/** The agent's MQTT connection as a stream download uses it. */
public interface StreamLink {
    /** Subscribes to {@code topic} and sends its messages' payloads to {@code payloads} until {@link #forget}. */
    void listen(String topic, Consumer<byte[]> payloads) throws IOException, InterruptedException;

    /** Unsubscribes from {@code topic}; its messages go nowhere. */
    void forget(String topic);

    /** Publishes at QoS 1; returns once the server has it. */
    void publish(String topic, byte[] payload) throws IOException, InterruptedException;
}

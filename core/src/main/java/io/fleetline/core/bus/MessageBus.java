package io.fleetline.core.bus;

/** Publishing to devices and handling what devices publish on reserved topics, independent of the broker. */
public interface MessageBus {
    /** A bus for a server without a broker: publishes go nowhere, nothing arrives. */
    MessageBus NONE = new MessageBus() {
        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            // no broker, no subscribers
        }

        @Override
        public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
            // no broker, no device messages
        }
    };

    /** Publishes a message as the server: subscribers allowed to receive it get it. */
    void publish(String topic, byte[] payload, int qos, boolean retain);

    /**
     * Handles device publishes whose topic starts with {@code topicPrefix} (a reserved {@code $aws/...} topic)
     * in-process; such messages are consumed, not delivered to subscribers.
     */
    void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler);
}

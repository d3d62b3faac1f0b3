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
        public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
            // no broker, no requests to answer
        }

        @Override
        public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
            // no broker, no device messages
        }
    };

    /** Publishes a message as the server: subscribers allowed to receive it get it. */
    void publish(String topic, byte[] payload, int qos, boolean retain);

    /**
     * Answers the client that sent {@code request}, as AWS answers a device's jobs and streams requests: that client
     * alone gets the message, whether or not it subscribed to {@code topic}, and only when its policy allows
     * {@code iot:Receive} on {@code topic}; no other subscriber of {@code topic} sees it. Nothing is sent when the
     * client is gone. The caller's requests are the broker's reserved topics of a thing, and so are the answers:
     * {@code topic} is {@code $aws/things/{thing}/{service}/} followed by at least two levels (the broker admits such
     * answers to the requester under a filter of that shape, which the service's own broadcasts, such as
     * {@code jobs/notify-next}, must not match). The answer goes at the QoS of the client's own subscription matching
     * {@code topic} when it has one (MQTT delivers at most at a subscription's QoS), else at the request's; never above
     * {@code qos}, the highest the protocol answers at (and never above 1).
     */
    void reply(DeviceMessage request, String topic, byte[] payload, int qos);

    /**
     * Handles device publishes whose topic starts with {@code topicPrefix} (a reserved {@code $aws/...} topic)
     * in-process; such messages are consumed, not delivered to subscribers.
     */
    void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler);
}

package io.fleetline.broker;

import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;

/**
 * The bus of an account other than the server's own: the account's services name topics as its devices do, and
 * this puts them into and takes them out of the account's namespace in the shared broker.
 */
final class NamespacedBus implements MessageBus {
    private final MessageBus broker;
    private final DeviceAccount account;

    NamespacedBus(MessageBus broker, DeviceAccount account) {
        this.broker = broker;
        this.account = account;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        broker.publish(account.inside(topic), payload, qos, retain);
    }

    /** The request's client id and topics are the device's names; the broker's are inside the namespace. */
    @Override
    public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
        broker.reply(new DeviceMessage(account.inside(request.clientId()), account.inside(request.topic()),
                request.payload(), request.qos()), account.inside(topic), payload, qos);
    }

    @Override
    public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
        broker.onDeviceMessage(account.inside(topicPrefix), message -> handler.handle(new DeviceMessage(
                message.clientId(), account.outside(message.topic()), message.payload(), message.qos())));
    }
}

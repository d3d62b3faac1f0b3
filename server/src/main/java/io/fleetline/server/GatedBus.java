package io.fleetline.server;

import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.state.StateGate;

/** A bus whose device messages are handled through the {@link StateGate}, like API requests: never inside a reset. */
final class GatedBus implements MessageBus {
    private final MessageBus bus;
    private final StateGate gate;

    GatedBus(MessageBus bus, StateGate gate) {
        this.bus = bus;
        this.gate = gate;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        bus.publish(topic, payload, qos, retain);
    }

    @Override
    public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
        bus.reply(request, topic, payload, qos);
    }

    @Override
    public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
        bus.onDeviceMessage(topicPrefix, message -> gate.shared(() -> handler.handle(message)));
    }
}

package io.fleetline.broker.internal;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.fleetline.core.bus.RetainedMessage;
import io.fleetline.core.bus.RetainedMessageStore;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * Retained messages made durable. The embedded broker runs with in-memory persistence (its file persistence cost
 * seven times the CPU per delivered message, see docs/benchmarks.md), so its retained messages would not survive a
 * restart; every retained publish is therefore written to Fleetline's database before it is acknowledged, and the
 * broker is given them back when it starts.
 */
final class RetainedMessages {
    private final RetainedMessageStore store;
    private final Clock clock;

    RetainedMessages(RetainedMessageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records a retained publish: an empty payload clears the topic, as MQTT says. */
    void keep(String topic, byte[] payload, int qos) {
        if (payload.length == 0) {
            store.delete(topic);
        } else {
            store.put(new RetainedMessage(topic, payload, qos, clock.instant()));
        }
    }

    /** Hands every stored retained message to the broker that just started; returns how many there were. */
    int restore() {
        int count = 0;
        for (RetainedMessage message : store.all()) {
            Services.publishService().publish(Builders.publish().topic(message.topic()).qos(Qos.valueOf(message.qos()))
                    .retain(true).payload(ByteBuffer.wrap(message.payload())).build()).join();
            count++;
        }
        return count;
    }
}

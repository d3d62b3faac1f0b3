package io.fleetline.core.bus;

import java.util.List;

/**
 * Where retained messages outlive the broker. The broker holds them in memory and answers subscribers from
 * there; this store is the durable copy it writes through before acknowledging a retained publish, and reads
 * back when it starts.
 */
public interface RetainedMessageStore {
    /** Keeps {@code message} as its topic's retained message, replacing any other; durable when this returns. */
    void put(RetainedMessage message);

    /** Forgets the topic's retained message, if it has one. */
    void delete(String topic);

    /** Every retained message, in topic order. */
    List<RetainedMessage> all();
}

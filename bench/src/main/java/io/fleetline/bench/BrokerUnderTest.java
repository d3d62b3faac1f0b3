package io.fleetline.bench;

import java.util.Map;
import java.util.Optional;

/** A broker process on this machine that the load generator drives over mutual TLS on loopback. */
interface BrokerUnderTest extends AutoCloseable {
    String name();

    /** The mutual-TLS MQTT port on 127.0.0.1. */
    int port();

    /** The broker's process, for its resident memory. */
    ProcessHandle process();

    /**
     * Live heap bytes per class after a full collection, with the sum under {@code "<total>"}, for a JVM
     * broker; empty for a native one.
     */
    Optional<Map<String, Long>> liveHeap();

    @Override
    void close();
}

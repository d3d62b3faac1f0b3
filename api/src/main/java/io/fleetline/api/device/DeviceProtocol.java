package io.fleetline.api.device;

import io.fleetline.core.bus.DeviceMessage;
import java.util.List;

/** One device protocol on its reserved topics: the answer a request gets, if any. */
@FunctionalInterface
public interface DeviceProtocol {
    /**
     * The answers to {@code request}, in the order they are sent to its client alone: one for most requests, one per
     * block for a streams get, none for a request that cannot be answered. Failures of the request are answers too (a
     * {@code /rejected} topic); an exception is a fault, logged and left unanswered.
     */
    List<Reply> serve(DeviceMessage request);

    /** An answer: its whole topic and its payload. */
    record Reply(String topic, byte[] payload) {
    }
}

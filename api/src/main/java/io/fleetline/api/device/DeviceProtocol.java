package io.fleetline.api.device;

import io.fleetline.core.bus.DeviceMessage;
import java.util.Optional;

/** One device protocol on its reserved topics: the answer a request gets, if any. */
@FunctionalInterface
public interface DeviceProtocol {
    /**
     * The answer to {@code request}, sent to its client alone; empty when the request gets none. Failures of the
     * request are answers too (a {@code /rejected} topic); an exception is a fault, logged and left unanswered.
     */
    Optional<Reply> serve(DeviceMessage request);

    /** An answer: its whole topic and its payload. */
    record Reply(String topic, byte[] payload) {
    }
}

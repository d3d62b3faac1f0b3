package io.fleetline.protocol.streams;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.util.Optional;

/** A refused request: {@code o} (the code), {@code m} (what was wrong) and {@code c} (the request's valid token). */
public record StreamRejection(RejectionCode code, String message, Optional<String> clientToken) {
    public static StreamRejection of(DeviceRejection rejection, Optional<String> clientToken) {
        return new StreamRejection(rejection.code(), rejection.getMessage(), clientToken);
    }
}

package io.fleetline.protocol.streams;

import io.fleetline.protocol.DeviceRejection;
import io.fleetline.protocol.RejectionCode;
import java.nio.charset.StandardCharsets;

/** The client token ({@code c}) a request may carry and its answers echo: at most 64 bytes of UTF-8. */
final class ClientTokens {
    static final int MAX_BYTES = 64;

    private ClientTokens() {
    }

    static boolean isValid(String token) {
        return token.length() <= MAX_BYTES && token.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    static void require(String token) {
        if (!isValid(token)) {
            throw new DeviceRejection(RejectionCode.INVALID_REQUEST,
                    "The client token (c) is longer than " + MAX_BYTES + " bytes");
        }
    }
}

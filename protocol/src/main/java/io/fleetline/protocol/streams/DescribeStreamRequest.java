package io.fleetline.protocol.streams;

import java.util.Optional;

/** A {@code DescribeStream} request: nothing but the client token to echo. */
public record DescribeStreamRequest(Optional<String> clientToken) {
    public DescribeStreamRequest {
        clientToken.ifPresent(ClientTokens::require);
    }
}

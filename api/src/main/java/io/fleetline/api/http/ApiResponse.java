package io.fleetline.api.http;

import java.util.Map;

/** What goes back on the wire: a status, headers and the body bytes. */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }
}

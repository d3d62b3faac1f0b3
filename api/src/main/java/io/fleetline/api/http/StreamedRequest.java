package io.fleetline.api.http;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.auth.PayloadStream;
import io.fleetline.api.binding.RawRequest;

/**
 * A request to a {@link StreamingRoute}, its head authenticated.
 *
 * @param requestId the id the server logs the request under, for the route's responses
 * @param caller    who signed the head; the body is theirs only once its end was read
 * @param head      method, raw path and query, headers (the body field is empty)
 * @param body      the body as signed, decoded and checked as it is read; bounded by the route's maximum, each read
 *                  waiting at most the body timeout for bytes to come
 */
public record StreamedRequest(String requestId, Caller caller, RawRequest head, PayloadStream body) {
}

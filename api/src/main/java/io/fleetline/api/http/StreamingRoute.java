package io.fleetline.api.http;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.error.FleetlineException;
import java.io.IOException;

/**
 * A protocol served beside the model-driven dispatcher whose bodies are streamed, never buffered, in both directions
 * (the S3 API): the requests signed for its service come to it, whatever their path.
 *
 * <p>The server authenticates a request's head before the route sees it, limits its body's length and the time it
 * may stall, and writes the route's response, from bytes, a stream or a file region without copying it through the
 * heap. The route owns its error shape: every failure — a refused signature, a body refused while it was read, or
 * the route's own — is answered with what {@link #failure} makes of it.
 */
public interface StreamingRoute {
    /**
     * The service that requests of this route name in their credential scope ({@code s3}), in the
     * {@code Authorization} header or a presigned URL's {@code X-Amz-Credential}; requests that name it come here,
     * whatever their signature is worth.
     */
    String signingName();

    /**
     * The most bytes a body of this route may take on the wire (aws-chunked framing included): a larger declared
     * length is refused before a byte is read, a body of undeclared length once it grows past it.
     */
    long maxBodyBytes();

    /**
     * Serves an admitted request.
     *
     * <p>Its body ({@link StreamedRequest#body()}) is whole and what the client signed only once the end was read: a
     * body that is not throws ({@link io.fleetline.api.auth.SignatureException},
     * {@link io.fleetline.api.auth.BodyException}) instead of ending. Discard whatever was stored from it then, and let
     * the exception through: it is answered with {@link #failure}, as is any {@link FleetlineException}.
     *
     * @throws IOException when the route's own storage fails; answered as an internal failure
     */
    StreamedResponse serve(StreamedRequest request) throws IOException;

    /**
     * The response to a request that failed, in this route's protocol's shape: the head refused by its signature
     * ({@link io.fleetline.api.auth.SignatureException}, with the reason), a body refused while it was read
     * ({@link io.fleetline.api.auth.BodyException}), the route's own refusals, or an internal failure
     * ({@code INTERNAL_FAILURE}, its details in the log under the request id).
     */
    StreamedResponse failure(RawRequest head, String requestId, FleetlineException failure);
}

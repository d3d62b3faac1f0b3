package io.fleetline.server;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.http.StreamedRequest;
import io.fleetline.api.http.StreamedResponse;
import io.fleetline.api.http.StreamingRoute;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.state.StateGate;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A streaming route (the S3 API) whose requests pass the {@link StateGate} shared, like the dispatcher's: a reset
 * waits for an upload in progress and never sweeps bytes a write has put in place but not yet committed. A response's
 * body is written after the gate: an object read keeps its file open, so a reset meanwhile does not cut it.
 */
final class GatedRoute implements StreamingRoute {
    private final StreamingRoute route;
    private final StateGate gate;

    GatedRoute(StreamingRoute route, StateGate gate) {
        this.route = route;
        this.gate = gate;
    }

    @Override
    public String signingName() {
        return route.signingName();
    }

    @Override
    public long maxBodyBytes() {
        return route.maxBodyBytes();
    }

    @Override
    public StreamedResponse serve(StreamedRequest request) throws IOException {
        try {
            return gate.shared(() -> {
                try {
                    return route.serve(request);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public StreamedResponse failure(RawRequest head, String requestId, FleetlineException failure) {
        return route.failure(head, requestId, failure);
    }
}

package io.fleetline.api.binding;

import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Route;
import io.fleetline.api.routing.Router;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Given-style builder of a request on the wire, routed with the real iot, iot-jobs-data and iot-data models. */
final class GivenRequest {
    static final Router ROUTER = new Router(List.of(
            ServiceModel.load("iot"), ServiceModel.load("iot-jobs-data"), ServiceModel.load("iot-data")));

    private final String method;
    private final String rawPath;
    private final StringBuilder query = new StringBuilder();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private Optional<String> service = Optional.empty();

    private GivenRequest(String method, String rawPath) {
        this.method = method;
        this.rawPath = rawPath;
    }

    static GivenRequest request(String method, String rawPath) {
        return new GivenRequest(method, rawPath);
    }

    /** Appends {@code name=value} to the query exactly as given (already encoded). */
    GivenRequest query(String name, String rawValue) {
        query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(rawValue);
        return this;
    }

    /** Routes as a request signed for {@code model} would be (where two models share a route). */
    GivenRequest signedFor(String model) {
        service = Optional.of(model);
        return this;
    }

    GivenRequest header(String name, String value) {
        headers.put(name, List.of(value));
        return this;
    }

    GivenRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    GivenRequest body(byte[] bytes) {
        body = bytes;
        return this;
    }

    RawRequest raw() {
        return new RawRequest(method, rawPath, query.toString(), headers, body);
    }

    Route route() {
        return ROUTER.route(method, rawPath, service)
                .orElseThrow(() -> new AssertionError("no route for " + method + " " + rawPath));
    }
}

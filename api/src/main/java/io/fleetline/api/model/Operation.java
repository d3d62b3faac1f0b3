package io.fleetline.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An operation: its HTTP method and URI template, its input and output shapes and its modeled errors. */
public record Operation(ServiceModel service, String name, String method, UriTemplate uri, int successCode,
                        Optional<Shape> input, Optional<Shape> output, List<String> errors) {

    static Operation of(ServiceModel service, JsonNode node) {
        JsonNode http = node.path("http");
        List<String> errors = new ArrayList<>();
        node.path("errors").forEach(e -> errors.add(e.path("shape").asText()));
        return new Operation(service, node.path("name").asText(), http.path("method").asText(),
                UriTemplate.parse(http.path("requestUri").asText()), http.path("responseCode").asInt(200),
                shapeRef(service, node.path("input")), shapeRef(service, node.path("output")), List.copyOf(errors));
    }

    private static Optional<Shape> shapeRef(ServiceModel service, JsonNode ref) {
        return ref.has("shape") ? Optional.of(service.shape(ref.path("shape").asText())) : Optional.empty();
    }

    /** {@code iot:CreateThing}: unique across the models Fleetline serves. */
    public String qualifiedName() {
        return service.name() + ":" + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}

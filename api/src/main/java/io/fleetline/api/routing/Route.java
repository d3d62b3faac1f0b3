package io.fleetline.api.routing;

import io.fleetline.api.model.Operation;
import java.util.Map;

/** A matched operation with the decoded values of its URI labels. */
public record Route(Operation operation, Map<String, String> labels) {
    public Route {
        labels = Map.copyOf(labels);
    }
}

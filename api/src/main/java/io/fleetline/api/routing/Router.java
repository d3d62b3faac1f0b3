package io.fleetline.api.routing;

import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.core.error.FleetlineException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes a request to an operation of the served models. When two models have the same route (iot and
 * iot-jobs-data share {@code GET /things/{thingName}/jobs}), the service named in the SigV4 credential scope
 * decides; without one, the first model given wins.
 */
public final class Router {
    private final List<ServiceModel> models;
    private final Map<String, List<Operation>> byMethod = new HashMap<>();

    /** @param models in order of preference when a route is ambiguous and the request names no service */
    public Router(List<ServiceModel> models) {
        this.models = List.copyOf(models);
        for (ServiceModel model : models) {
            for (Operation op : model.operations().values()) {
                byMethod.computeIfAbsent(op.method(), m -> new ArrayList<>()).add(op);
            }
        }
    }

    /**
     * @param service the service the request says it is for (a model name), if it says
     */
    public Optional<Route> route(String method, String rawPath, Optional<String> service) {
        List<Route> matches = new ArrayList<>();
        for (Operation op : byMethod.getOrDefault(method, List.of())) {
            try {
                op.uri().match(rawPath).ifPresent(labels -> matches.add(new Route(op, labels)));
            } catch (IllegalArgumentException badEscape) {
                throw FleetlineException.invalid("The request path has an invalid percent-encoding: " + rawPath);
            }
        }
        Comparator<Route> preference = Comparator
                .comparing((Route r) -> service.map(s -> !s.equals(r.operation().service().name())).orElse(false))
                .thenComparing(r -> -r.operation().uri().literalCount())
                .thenComparing(r -> models.indexOf(r.operation().service()));
        return matches.stream().min(preference);
    }

    /**
     * The credential-scope service names a request to a model may be signed with: its own, and {@code execute-api}
     * for iot, as the AWS CLI v2 signs it.
     */
    public static Set<String> signingNamesOf(String model) {
        return switch (model) {
            case "iot" -> Set.of("iot", "execute-api");
            case "iot-jobs-data" -> Set.of("iot-jobs-data");
            case "iot-data" -> Set.of("iotdata");
            default -> Set.of(model);
        };
    }

    /** Maps a SigV4 credential-scope service name to the model it signs for. */
    public static Optional<String> modelForSigningName(String signingName) {
        return switch (signingName) {
            case "iot", "execute-api" -> Optional.of("iot");
            case "iot-jobs-data" -> Optional.of("iot-jobs-data");
            case "iotdata" -> Optional.of("iot-data");
            case "fleetline" -> Optional.of("fleetline");
            default -> Optional.empty();
        };
    }
}

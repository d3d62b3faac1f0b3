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
 * Routes a request to an operation of the served models. A {@code rest-json} operation is matched by method and URI
 * template; when two models have the same route (iot and iot-jobs-data share {@code GET /things/{thingName}/jobs}),
 * the service named in the SigV4 credential scope decides; without one, the first model given wins. A {@code json}
 * operation (ACM) is {@code POST /} with the {@code X-Amz-Target} header naming it, and nothing else reaches it.
 */
public final class Router {
    private final List<ServiceModel> models;
    private final Map<String, List<Operation>> byMethod = new HashMap<>();
    private final Map<String, Operation> byTarget = new HashMap<>();

    /** @param models in order of preference when a route is ambiguous and the request names no service */
    public Router(List<ServiceModel> models) {
        this.models = List.copyOf(models);
        for (ServiceModel model : models) {
            for (Operation op : model.operations().values()) {
                Optional<String> target = model.target(op.name());
                if (target.isPresent()) {
                    byTarget.put(target.get(), op);
                } else {
                    byMethod.computeIfAbsent(op.method(), m -> new ArrayList<>()).add(op);
                }
            }
        }
    }

    /** {@link #route(String, String, Optional, Optional)} for a request without an {@code X-Amz-Target}. */
    public Optional<Route> route(String method, String rawPath, Optional<String> service) {
        return route(method, rawPath, Optional.empty(), service);
    }

    /**
     * @param target  the request's {@code X-Amz-Target} header, if it has one
     * @param service the service the request says it is for (a model name), if it says
     */
    public Optional<Route> route(String method, String rawPath, Optional<String> target, Optional<String> service) {
        if (target.isPresent() && byTarget.containsKey(target.get())) {
            return method.equals("POST") && rawPath.equals("/")
                    ? Optional.of(new Route(byTarget.get(target.get()), Map.of())) : Optional.empty();
        }
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
            case "acm" -> Optional.of("acm");
            case "signer" -> Optional.of("signer");
            default -> Optional.empty();
        };
    }
}

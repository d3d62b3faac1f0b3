package io.fleetline.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One AWS service model ({@code service-2.json}): its operations with their HTTP bindings, and its shapes.
 * The model is the single source of truth for routes, member bindings and validation.
 */
public final class ServiceModel {
    private final String name;
    private final String signingName;
    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(String name, JsonNode root) {
        this.name = name;
        this.signingName = root.path("metadata").path("signingName").asText(name);
        Map<String, Shape> shapeMap = new LinkedHashMap<>();
        root.path("shapes").properties().forEach(e -> shapeMap.put(e.getKey(), new Shape(e.getKey(), e.getValue())));
        this.shapes = Collections.unmodifiableMap(shapeMap);
        Map<String, Operation> ops = new LinkedHashMap<>();
        root.path("operations").properties().forEach(e -> ops.put(e.getKey(), Operation.of(this, e.getValue())));
        this.operations = Collections.unmodifiableMap(ops);
    }

    /**
     * Loads {@code /aws-models/<name>.service-2.json} (AWS's models) or {@code /models/<name>.service-2.json}
     * (Fleetline's own companion API, in the same format) from the classpath.
     */
    public static ServiceModel load(String name) {
        String file = name + ".service-2.json";
        String resource = ServiceModel.class.getResource("/aws-models/" + file) != null ? "/aws-models/" + file
                : "/models/" + file;
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model not on the classpath: " + resource);
            }
            return new ServiceModel(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The endpoint prefix Fleetline names the service by, e.g. {@code iot}, {@code iot-jobs-data}. */
    public String name() {
        return name;
    }

    /** The SigV4 signing name the model declares. */
    public String signingName() {
        return signingName;
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    public Optional<Operation> operation(String operationName) {
        return Optional.ofNullable(operations.get(operationName));
    }

    public Shape shape(String shapeName) {
        Shape shape = shapes.get(shapeName);
        if (shape == null) {
            throw new IllegalStateException("model " + name + " has no shape " + shapeName);
        }
        return shape;
    }
}

package io.fleetline.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One AWS service model ({@code service-2.json}): its operations with their HTTP bindings, and its shapes.
 * The model is the single source of truth for routes, member bindings and validation. Two protocols are served:
 * {@code rest-json} (an operation is a method and a URI template) and {@code json} (every operation is {@code POST /},
 * named by the {@code X-Amz-Target} header as {@code <targetPrefix>.<operation>}, its input the whole JSON body).
 */
public final class ServiceModel {
    private static final String VALIDATION_EXCEPTION = "ValidationException";
    private final String name;
    private final String signingName;
    private final String protocol;
    private final Optional<String> targetPrefix;
    private final String jsonVersion;
    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(String name, JsonNode root) {
        this.name = name;
        JsonNode metadata = root.path("metadata");
        this.signingName = metadata.path("signingName").asText(name);
        this.protocol = metadata.path("protocol").asText("rest-json");
        this.targetPrefix = Optional.ofNullable(metadata.path("targetPrefix").asText(null));
        this.jsonVersion = metadata.path("jsonVersion").asText("1.1");
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

    /**
     * Whether the model speaks AWS's {@code json} protocol (ACM): operations named by {@code X-Amz-Target}, not by
     * their URI.
     */
    public boolean targetAddressed() {
        return protocol.equals("json");
    }

    /**
     * The {@code X-Amz-Target} that names an operation of a {@code json}-protocol model
     * ({@code CertificateManager.ImportCertificate}); none for {@code rest-json}.
     */
    public Optional<String> target(String operationName) {
        return targetAddressed() ? targetPrefix.map(prefix -> prefix + "." + operationName) : Optional.empty();
    }

    /**
     * The content type of the model's JSON answers: {@code application/x-amz-json-1.1} (or its model's version) for
     * the {@code json} protocol, whose clients read it so; {@code application/json} for {@code rest-json}.
     */
    public String contentType() {
        return targetAddressed() ? "application/x-amz-json-" + jsonVersion : "application/json";
    }

    /**
     * The error type an error code is answered with by this service. Services name invalid input differently: those
     * whose model has no {@code InvalidRequestException} but a {@code ValidationException} (ACM, AWS Signer) answer
     * the latter, which their clients map to a modeled exception; every other code is its own AWS type.
     */
    public String errorType(ErrorCode code) {
        if (code == ErrorCode.INVALID_REQUEST && !shapes.containsKey(code.awsType())
                && shapes.containsKey(VALIDATION_EXCEPTION)) {
            return VALIDATION_EXCEPTION;
        }
        return code.awsType();
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

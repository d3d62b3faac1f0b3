package io.fleetline.api.s3;

import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Which S3 operations are served, and by which handler; the others are S3's {@code NotImplemented}. */
public final class S3Handlers {
    private final ServiceModel model;
    private final Map<String, S3Handler> handlers = new HashMap<>();

    public S3Handlers(ServiceModel s3) {
        this.model = s3;
    }

    /** Registers a handler; an operation the model does not have, or one registered twice, is a bug caught at start. */
    public S3Handlers register(String operation, S3Handler handler) {
        if (model.operation(operation).isEmpty()) {
            throw new IllegalArgumentException("no operation " + operation + " in the " + model.name() + " model");
        }
        if (handlers.putIfAbsent(operation, handler) != null) {
            throw new IllegalArgumentException("two handlers for " + operation);
        }
        return this;
    }

    public Optional<S3Handler> handler(Operation operation) {
        return operation.service() == model ? Optional.ofNullable(handlers.get(operation.name())) : Optional.empty();
    }

    public int size() {
        return handlers.size();
    }
}

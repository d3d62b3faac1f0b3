package io.fleetline.api.handler;

import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which operations Fleetline serves, and with which handler. */
public final class HandlerRegistry {
    private final Map<String, ServiceModel> models = new HashMap<>();
    private final Map<String, OperationHandler> handlers = new HashMap<>();

    public HandlerRegistry(List<ServiceModel> served) {
        served.forEach(m -> models.put(m.name(), m));
    }

    /** Registers a handler; an operation the model does not have is a programming error caught at start. */
    public HandlerRegistry register(String service, String operation, OperationHandler handler) {
        ServiceModel model = models.get(service);
        if (model == null || model.operation(operation).isEmpty()) {
            throw new IllegalArgumentException("no operation " + service + ":" + operation + " in the models");
        }
        if (handlers.putIfAbsent(service + ":" + operation, handler) != null) {
            throw new IllegalArgumentException("two handlers for " + service + ":" + operation);
        }
        return this;
    }

    public Optional<OperationHandler> handler(Operation operation) {
        return Optional.ofNullable(handlers.get(operation.qualifiedName()));
    }

    public int size() {
        return handlers.size();
    }
}

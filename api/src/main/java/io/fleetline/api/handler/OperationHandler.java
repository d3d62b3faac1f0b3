package io.fleetline.api.handler;

import com.fasterxml.jackson.databind.JsonNode;

/** Serves one operation: reads the validated input, calls the domain, answers the output members. */
@FunctionalInterface
public interface OperationHandler {
    JsonNode handle(OperationCall call);
}

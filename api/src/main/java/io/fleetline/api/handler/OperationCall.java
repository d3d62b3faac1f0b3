package io.fleetline.api.handler;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.model.Operation;

/** One invocation of an operation: what was asked, by whom, under which request id. */
public record OperationCall(Operation operation, Input input, Caller caller, String requestId) {
}

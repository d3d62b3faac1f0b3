package io.fleetline.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.Admission;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.auth.Caller;
import io.fleetline.api.auth.SigV4Verifier;
import io.fleetline.api.binding.InputValidator;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.binding.RequestBinder;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.HandlerSource;
import io.fleetline.core.state.StateGate;
import io.fleetline.api.handler.Input;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.OperationHandler;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Route;
import io.fleetline.api.routing.Router;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a raw request through authentication, routing, binding, validation and its handler, and turns the
 * outcome into a response. Every failure becomes an AWS-shaped error; a bug becomes
 * {@code InternalFailureException} with the request id, its details only in the log.
 */
public final class ApiDispatcher {
    private static final Logger REQUESTS = LoggerFactory.getLogger("fleetline.requests");
    /** Failures a client may provoke again and again: logged, but never as a flood. */
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(ApiDispatcher.class));
    private static final LimitedLog FAILED_REQUESTS = new LimitedLog(REQUESTS);
    /** Fleetline's own actions are signed as the IoT API is, or for Fleetline's companion model. */
    private static final Set<String> ADMIN_SIGNING_NAMES = Set.of("iot", "execute-api", "fleetline");
    /** The header that names the operation of a {@code json}-protocol service (ACM). */
    private static final String TARGET = "X-Amz-Target";

    private final Router router;
    private final HandlerSource handlers;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final RequestBinder binder;
    private final InputValidator validator = new InputValidator();
    private final StateGate gate;
    private final Map<String, Runnable> adminActions;
    private final RequestListener listener;

    /** @param verifier empty only when authentication was switched off explicitly */
    public ApiDispatcher(Router router, HandlerRegistry handlers, Optional<SigV4Verifier> verifier, ObjectMapper mapper) {
        this(router, handlers, verifier.<Authenticator>map(v -> v).orElse(Authenticator.NONE), mapper);
    }

    public ApiDispatcher(Router router, HandlerRegistry handlers, Authenticator authenticator, ObjectMapper mapper) {
        this(router, caller -> handlers, authenticator, mapper, new StateGate(), Map.of());
    }

    /**
     * @param gate         every operation runs through it shared, so a reset runs between operations, never inside one
     * @param adminActions Fleetline's own operator actions by {@code "METHOD /path"} (e.g. {@code POST
     *                     /_fleetline/reset}), answered with an empty JSON object once done; callers must be
     *                     authenticated operators
     */
    public ApiDispatcher(Router router, HandlerSource handlers, Authenticator authenticator, ObjectMapper mapper,
                         StateGate gate, Map<String, Runnable> adminActions) {
        this(router, handlers, authenticator, mapper, gate, adminActions, RequestListener.NONE);
    }

    /** @param listener told of every request answered: its operation, status and latency */
    public ApiDispatcher(Router router, HandlerSource handlers, Authenticator authenticator, ObjectMapper mapper,
                         StateGate gate, Map<String, Runnable> adminActions, RequestListener listener) {
        this.listener = listener;
        this.router = router;
        this.handlers = handlers;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.binder = new RequestBinder(mapper);
        this.gate = gate;
        this.adminActions = Map.copyOf(adminActions);
    }

    /** Dispatches a request whose body is already read. */
    public ApiResponse dispatch(RawRequest request) {
        return dispatch(request, request::body);
    }

    /**
     * Dispatches a request whose body is read only once its head passed authentication and routing: a request
     * without a usable signature, with an unknown key or for no operation is answered without reading its body.
     *
     * @param head the request without its body
     */
    public ApiResponse dispatch(RawRequest head, BodySource body) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        Optional<Operation> operation = Optional.empty();
        boolean admin = false;
        ApiResponse response;
        try {
            Admission admission = authenticator.admit(head);
            Caller caller = admission.caller();
            Runnable action = adminActions.get(head.method() + " " + head.rawPath());
            if (action != null && caller.device().isEmpty()) {
                admin = true;
                requireSigningName(caller, ADMIN_SIGNING_NAMES, "iot");
                admission.confirm(head.withBody(body.read()));
                action.run();
                response = json(200, mapper.createObjectNode(), requestId, "application/json", Map.of());
            } else {
                Route route = router.route(head.method(), head.rawPath(), head.header(TARGET),
                        caller.service().flatMap(Router::modelForSigningName))
                        .orElseThrow(() -> new FleetlineException(ErrorCode.UNKNOWN_OPERATION,
                                "No operation matches " + head.method() + " " + head.rawPath()));
                operation = Optional.of(route.operation());
                ServiceModel model = route.operation().service();
                requireSigningName(caller, Router.signingNamesOf(model.name()), model.signingName());
                RawRequest request = head.withBody(body.read());
                admission.confirm(request);
                response = gate.shared(() -> invoke(route, request, caller, requestId));
            }
        } catch (FleetlineException e) {
            response = error(e.code(), e.getMessage(), e.extra(), operation, requestId);
        } catch (RuntimeException e) {
            FAILED.error("request {} ({} {}) failed", requestId, head.method(), head.rawPath(), e);
            response = error(ErrorCode.INTERNAL_FAILURE, "Internal failure; request id " + requestId, Map.of(),
                    operation, requestId);
        }
        long nanos = System.nanoTime() - started;
        tell(admin, operation, response.status(), nanos);
        if (REQUESTS.isDebugEnabled() || response.status() >= 500) {
            String line = String.format("%s %s %s -> %d (%s) %d us", requestId, head.method(), head.rawPath(),
                    response.status(), operation.map(Operation::qualifiedName).orElse("-"),
                    nanos / 1000);
            if (response.status() >= 500 && response.status() != 503) {
                FAILED_REQUESTS.warn(line);
            } else {
                REQUESTS.debug(line);
            }
        }
        return response;
    }

    /** Tells the listener what was answered, named by the model (never by the request's own path). */
    private void tell(boolean admin, Optional<Operation> operation, int status, long nanos) {
        if (admin) {
            listener.served(RequestListener.ADMIN_SERVICE, RequestListener.ADMIN_OPERATION, status, nanos);
        } else {
            listener.served(operation.map(op -> op.service().name()).orElse(RequestListener.NONE_MATCHED),
                    operation.map(Operation::name).orElse(RequestListener.NONE_MATCHED), status, nanos);
        }
    }

    /**
     * A signed request must name in its credential scope a service the route serves, as each AWS endpoint checks
     * (devices on their port, and unsigned requests where authentication is off, name none).
     */
    private static void requireSigningName(Caller caller, Set<String> accepted, String expected) {
        caller.service().filter(service -> !accepted.contains(service)).ifPresent(service -> {
            throw new FleetlineException(ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: '" + expected + "'. ");
        });
    }

    private ApiResponse invoke(Route route, RawRequest request, Caller caller, String requestId) {
        Operation op = route.operation();
        OperationHandler handler = handlers.handlersFor(caller).handler(op).orElseThrow(() -> FleetlineException.invalid(
                "Fleetline does not support the " + op.name() + " operation yet"));
        ObjectNode input = binder.bind(route, request);
        op.input().ifPresent(shape -> validator.validate(op.service(), shape, input));
        JsonNode output = handler.handle(new OperationCall(op, new Input(input), caller, requestId));
        return json(op.successCode(), output == null ? mapper.createObjectNode() : output, requestId,
                contentType(Optional.of(op)), Map.of());
    }

    /** The error in the shape of the operation's service: its own name for the code, its status, its content type. */
    private ApiResponse error(ErrorCode code, String message, Map<String, String> extra, Optional<Operation> op,
                              String requestId) {
        String type = op.map(o -> o.service().errorType(code)).orElse(code.awsType());
        ObjectNode body = mapper.createObjectNode();
        body.put("message", message);
        body.put("__type", type);
        extra.forEach(body::put);
        return json(ErrorStatus.of(code, type, op), body, requestId, contentType(op), Map.of("x-amzn-ErrorType", type));
    }

    private static String contentType(Optional<Operation> op) {
        return op.map(o -> o.service().contentType()).orElse("application/json");
    }

    private ApiResponse json(int status, JsonNode body, String requestId, String contentType,
                             Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("x-amzn-RequestId", requestId);
        headers.putAll(extraHeaders);
        try {
            return new ApiResponse(status, headers, mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }
}

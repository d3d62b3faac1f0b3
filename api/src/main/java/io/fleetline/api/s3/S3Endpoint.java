package io.fleetline.api.s3;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.api.auth.Caller;
import io.fleetline.api.binding.InputValidator;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.handler.Input;
import io.fleetline.api.model.Operation;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * The S3 codec joined end to end: route a request's head, then bind its input (reading an XML payload, bounded),
 * validate it, call the operation's handler and write its output; every failure becomes S3's XML error. The HTTP
 * route calls {@link #route} first, so that it can authenticate and refuse a request before reading its body, then
 * {@link #serve}; {@link #handle} does both.
 */
public final class S3Endpoint {
    /** The largest XML payload read (CompleteMultipartUpload of 10,000 parts, DeleteObjects of 1,000 long keys fit). */
    public static final int MAX_XML_BYTES = 8 * 1024 * 1024;
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(S3Endpoint.class));

    private final S3Router router;
    private final Function<Caller, S3Handlers> handlers;
    private final int maxXmlBytes;
    private final S3RequestBinder binder = new S3RequestBinder();
    private final InputValidator validator = new InputValidator();
    private final S3ResponseWriter writer = new S3ResponseWriter();

    public S3Endpoint(S3Router router, S3Handlers handlers) {
        this(router, caller -> handlers);
    }

    /** @param handlers the handlers serving a caller (one set, or one per account in the test-double mode) */
    public S3Endpoint(S3Router router, Function<Caller, S3Handlers> handlers) {
        this(router, handlers, MAX_XML_BYTES);
    }

    S3Endpoint(S3Router router, Function<Caller, S3Handlers> handlers, int maxXmlBytes) {
        this.router = router;
        this.handlers = handlers;
        this.maxXmlBytes = maxXmlBytes;
    }

    /**
     * @throws S3Exception when no operation takes the request ({@code MethodNotAllowed}) or its URI does not decode
     */
    public S3Route route(RawRequest head) {
        return router.route(head);
    }

    /** Routes and serves a request; never throws. */
    public S3Response handle(RawRequest head, RequestPayload body, Caller caller, String requestId) {
        Optional<S3Route> route = Optional.empty();
        try {
            route = Optional.of(route(head));
            return serve(route.get(), head, body, caller, requestId);
        } catch (RuntimeException e) {
            return error(e, head, route, requestId);
        }
    }

    /**
     * Serves a routed request whose head passed authentication; never throws. The body is read only for an XML
     * payload, at most {@link #MAX_XML_BYTES}; a streaming payload goes to the handler unread.
     */
    public S3Response serve(S3Route route, RawRequest head, RequestPayload body, Caller caller, String requestId) {
        try {
            Operation op = route.operation();
            S3Handler handler = handlers.apply(caller).handler(op).orElseThrow(() -> new S3Exception("NotImplemented",
                    "A header or query you provided requested a function that is not implemented.",
                    Map.of("Operation", op.name())));
            Map<String, List<String>> query = query(head);
            boolean streaming = streamingPayload(op);
            Optional<byte[]> payload = streaming || op.input().flatMap(Shape::payloadMember).isEmpty()
                    ? Optional.empty() : Optional.of(readPayload(head, body));
            ObjectNode input = binder.bind(route, head, query, payload);
            op.input().ifPresent(shape -> validate(op.service(), shape, input));
            S3Result result = handler.handle(new S3Call(op, new Input(input), streaming ? Optional.of(body)
                    : Optional.empty(), caller, requestId));
            ObjectNode output = result.output() == null ? JsonNodeFactory.instance.objectNode() : result.output();
            echoEncodingType(op, input, output);
            return writer.write(op, head.method(), output, result.body(), requestId);
        } catch (RuntimeException e) {
            return error(e, head, Optional.of(route), requestId);
        }
    }

    /** S3's answer to a failure: the error's own code, a shared layer's error in S3's words, or an internal error. */
    public S3Response error(RuntimeException failure, RawRequest head, Optional<S3Route> route, String requestId) {
        S3Exception error = switch (failure) {
            case S3Exception s3 -> s3;
            case FleetlineException e -> S3ErrorCodes.of(e, head).orElseGet(() -> internal(e, head, requestId));
            default -> internal(failure, head, requestId);
        };
        return writer.error(error, head.method(), route.map(S3Route::resource).orElse(head.rawPath()), requestId);
    }

    private static S3Exception internal(RuntimeException e, RawRequest head, String requestId) {
        FAILED.error("S3 request {} ({} {}) failed", requestId, head.method(), head.rawPath(), e);
        return new S3Exception("InternalError", "We encountered an internal error. Please try again.");
    }

    private static Map<String, List<String>> query(RawRequest head) {
        try {
            return head.queryParameters();
        } catch (FleetlineException badEscape) {
            throw S3Address.invalidUri();
        }
    }

    private static boolean streamingPayload(Operation op) {
        return op.input().flatMap(shape -> shape.payloadMember().map(name -> shape.members().get(name)))
                .map(member -> member.streaming() || op.service().shape(member.shapeName()).streaming())
                .orElse(false);
    }

    /** The payload's bytes, refused past the bound before reading when the request says its length. */
    private byte[] readPayload(RawRequest head, RequestPayload body) {
        Optional<Long> declared = head.header("content-length").flatMap(S3Endpoint::length);
        if (declared.isPresent() && declared.get() > maxXmlBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = body.stream()) {
            bytes = in.readNBytes(maxXmlBytes + 1);
        } catch (IOException e) {
            throw new S3Exception("IncompleteBody", "The request body terminated unexpectedly");
        }
        if (bytes.length > maxXmlBytes) {
            throw tooLarge();
        }
        PayloadDigests.verify(head, bytes);
        return bytes;
    }

    private static Optional<Long> length(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private S3Exception tooLarge() {
        return new S3Exception("MaxMessageLengthExceeded", "Your request was too big.",
                Map.of("MaxMessageLengthBytes", Integer.toString(maxXmlBytes)));
    }

    /**
     * Checks the XML payload first, whose faults S3 calls {@code MalformedXML} (a required one missing is
     * {@code MissingRequestBodyError}), then the rest, whose faults are {@code InvalidArgument}.
     */
    private void validate(ServiceModel model, Shape shape, ObjectNode input) {
        Optional<String> payload = shape.payloadMember();
        if (payload.isPresent() && model.shape(shape.members().get(payload.get()).shapeName()).type().equals("structure")) {
            if (!input.hasNonNull(payload.get())) {
                if (shape.required().contains(payload.get())) {
                    throw new S3Exception("MissingRequestBodyError", "Request Body is empty");
                }
            } else {
                try {
                    validator.validate(model, model.shape(shape.members().get(payload.get()).shapeName()),
                            input.get(payload.get()));
                } catch (FleetlineException e) {
                    throw S3Exception.malformedXml();
                }
            }
        }
        try {
            validator.validate(model, shape, input);
        } catch (FleetlineException e) {
            throw S3Exception.invalidArgument(e.getMessage());
        }
    }

    /** A listing asked with {@code encoding-type} says so in its answer, whether or not the handler repeated it. */
    private static void echoEncodingType(Operation op, ObjectNode input, ObjectNode output) {
        boolean answered = op.output().map(shape -> shape.members().containsKey("EncodingType")).orElse(false);
        if (answered && input.hasNonNull("EncodingType") && !output.hasNonNull("EncodingType")) {
            output.set("EncodingType", input.get("EncodingType"));
        }
    }
}

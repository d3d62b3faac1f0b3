package io.fleetline.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.auth.Authenticator;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.binding.WireText;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.model.Shape;
import io.fleetline.api.routing.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of what a client controls on the API port: method, path, query string,
 * headers and body, routed, bound and validated against the shipped models (iot, iot-jobs-data, iot-data and
 * Fleetline's own) with authentication off and a handler that echoes its input.
 *
 * <p>Whatever arrives is answered in the AWS error shape with a 4xx, or reaches its handler having passed
 * validation; a 5xx, or an exception escaping the dispatcher, is a finding. The input is a request in HTTP/1.1
 * text ({@link WireText}); the fuzzer starts from one plausible request per operation and the requests under
 * {@code src/test/resources/io/fleetline/api/http/ApiDispatcherFuzzTestInputs}, which every build replays.
 */
class ApiDispatcherFuzzTest {
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"),
            ServiceModel.load("iot-jobs-data"), ServiceModel.load("iot-data"), ServiceModel.load("fleetline"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static final ApiDispatcher DISPATCHER = new ApiDispatcher(new Router(MODELS), echoingEveryOperation(),
            Authenticator.NONE, JSON);
    private static final List<String> CLIENT_ERRORS = List.of("InvalidRequestException", "UnknownOperationException");

    static Stream<Arguments> everyOperation() {
        return ModelRequests.of(MODELS).stream().map(request -> Arguments.of((Object) WireText.format(request)));
    }

    @MethodSource("everyOperation")
    @FuzzTest(maxDuration = "10s")
    void any_request_is_answered_with_a_client_error_or_reaches_its_handler_valid(byte[] input) {
        RawRequest request = WireText.parse(input);
        int handledBefore = HANDLED.get();

        ApiResponse response = DISPATCHER.dispatch(request);

        JsonNode body = json(response);
        assertThat(response.status()).as("%s %s answered %s", request.method(), request.rawPath(), body)
                .isBetween(200, 499);
        if (response.status() >= 400) {
            assertThat(response.headers().get("x-amzn-ErrorType")).isIn(CLIENT_ERRORS)
                    .isEqualTo(body.path("__type").asText());
            assertThat(body.path("message").asText()).isNotBlank();
            assertThat(HANDLED.get()).as("a refused request reached its handler").isEqualTo(handledBefore);
        } else {
            assertThat(HANDLED.get()).as("an answered request skipped its handler").isEqualTo(handledBefore + 1);
        }
    }

    private static JsonNode json(ApiResponse response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.isObject()).as("response body %s", body).isTrue();
            return body;
        } catch (IOException e) {
            throw new AssertionError("the response body is not JSON: "
                    + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    private static HandlerRegistry echoingEveryOperation() {
        HandlerRegistry handlers = new HandlerRegistry(MODELS);
        MODELS.forEach(model -> model.operations().keySet().forEach(op -> handlers.register(model.name(), op,
                call -> {
                    HANDLED.incrementAndGet();
                    call.operation().input().ifPresent(shape ->
                            assertFitsItsType(call.operation().service(), shape, call.input().node(), "input"));
                    return call.input().node();
                })));
        return handlers;
    }

    /** Every number a handler is given fits its member's type: none was wrapped or narrowed on its way in. */
    private static void assertFitsItsType(ServiceModel model, Shape shape, JsonNode value, String path) {
        switch (shape.type()) {
            case "structure" -> value.properties().forEach(field -> {
                Shape.Member member = shape.members().get(field.getKey());
                if (member != null && !field.getValue().isNull() && !field.getValue().isBinary()) {
                    assertFitsItsType(model, model.shape(member.shapeName()), field.getValue(),
                            path + "." + field.getKey());
                }
            });
            case "list" -> value.forEach(element -> assertFitsItsType(model, model.shape(shape.memberShapeName()),
                    element, path + "[]"));
            case "map" -> value.properties().forEach(entry -> assertFitsItsType(model,
                    model.shape(shape.valueShapeName()), entry.getValue(), path + "." + entry.getKey()));
            case "integer" -> assertThat(value.isIntegralNumber() && value.canConvertToInt())
                    .as("%s = %s fits an integer", path, value).isTrue();
            case "long" -> assertThat(value.isIntegralNumber() && value.canConvertToLong())
                    .as("%s = %s fits a long", path, value).isTrue();
            case "double", "float" -> assertThat(value.isNumber() && Double.isFinite(value.doubleValue()))
                    .as("%s = %s is a finite number", path, value).isTrue();
            default -> { }
        }
    }
}

package io.fleetline.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.api.device.DeviceProtocol;
import io.fleetline.api.device.DeviceRequests;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.OperationCall;
import io.fleetline.api.handler.Output;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.arn.ResourceType;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.bus.MessageLimits;
import io.fleetline.core.error.FleetlineException;

/**
 * iot-data Publish: {@code POST /topics/{topic}?qos=} delivers the raw body to MQTT subscribers; a body over 128 KB
 * is refused as an MQTT publish is. Reserved topics are refused, but for a thing's topics outside the device protocols
 * Fleetline serves in-process ({@link DeviceRequests#isProtocolTopic}). A shadow's request topic is served by the shadow
 * service, as AWS serves it: its answers are published to the shadow's topics.
 */
public final class DataPlaneApi {
    private final MessageBus bus;
    private final AccountScope scope;
    private final DeviceProtocol shadows;

    private DataPlaneApi(MessageBus bus, AccountScope scope, DeviceProtocol shadows) {
        this.bus = bus;
        this.scope = scope;
        this.shadows = shadows;
    }

    /** @param shadows the shadow service's requests as messages ({@link DeviceRequests#shadowProtocol}) */
    public static void register(HandlerRegistry handlers, MessageBus bus, AccountScope scope, DeviceProtocol shadows) {
        handlers.register("iot-data", "Publish", new DataPlaneApi(bus, scope, shadows)::publish);
    }

    private JsonNode publish(OperationCall call) {
        String topic = call.input().string("topic");
        int qos = call.input().optInt("qos").orElse(0);
        if (qos > 1) {
            throw FleetlineException.invalid("qos must be 0 or 1");
        }
        if (topic.startsWith("$") && !topic.startsWith("$aws/things/")) {
            throw FleetlineException.invalid("Publishing to the reserved topic " + topic + " is not allowed");
        }
        if (DeviceRequests.isProtocolTopic(topic)) {
            // requests there are answered to the MQTT client that sent them, and an HTTPS caller has none; answers
            // go to their requester alone: neither can come from here (the jobs API over HTTPS is iot-jobs-data)
            throw FleetlineException.invalid("Publishing to the reserved topic " + topic + " is not allowed: the jobs"
                    + " and streams topics of a thing are served to the device's MQTT connection");
        }
        // a device on the HTTPS device port publishes only where its policies allow; operators sign with keys
        call.caller().device().ifPresent(device -> device.require("iot:Publish", scope.arn(ResourceType.TOPIC, topic)));
        byte[] payload = call.input().object("payload").map(DataPlaneApi::bytes).orElse(new byte[0]);
        if (payload.length > MessageLimits.MAX_PAYLOAD_BYTES) {
            // the limit of every MQTT listener, so that a message is taken or refused alike whichever way it comes
            throw FleetlineException.invalid("The payload of " + payload.length + " bytes is larger than "
                    + MessageLimits.MAX_PAYLOAD_BYTES + " bytes");
        }
        if (DeviceRequests.isShadowRequest(topic)) {
            shadows.serve(new DeviceMessage("iot-data:" + call.requestId(), topic, payload, qos))
                    .forEach(reply -> bus.publish(reply.topic(), reply.payload(), 1, false));
            return Output.empty();
        }
        bus.publish(topic, payload, qos, call.input().bool("retain"));
        return Output.empty();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw FleetlineException.invalid("The payload cannot be read");
        }
    }
}

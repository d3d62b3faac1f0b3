package io.fleetline.api.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.log.LimitedLog;
import io.fleetline.protocol.shadow.ShadowTopic;
import io.fleetline.shadow.ShadowKey;
import io.fleetline.shadow.ShadowRejection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The Device Shadow service on {@code $aws/things/{thing}/shadow/...}: each request's answers, published to every
 * subscriber allowed to receive them (as AWS publishes shadow messages, unlike the jobs answers). A failed request is
 * answered on its {@code /rejected} topic with AWS's error document. The broker has already checked that the device
 * may publish on the request topic. Messages under the prefix that are no request (the answer topics) are dropped.
 */
final class ShadowOverMqtt implements DeviceProtocol {
    /** Any device can send what makes a request fail, as often as it likes. */
    private static final LimitedLog FAILED = new LimitedLog(LoggerFactory.getLogger(ShadowOverMqtt.class));

    private final ShadowRequests requests;
    private final Clock clock;

    ShadowOverMqtt(ShadowRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public List<Reply> serve(DeviceMessage message) {
        Optional<ShadowTopic> parsed = ShadowTopic.parse(message.topic());
        if (parsed.isEmpty()) {
            return List.of();
        }
        ShadowTopic topic = parsed.get();
        try {
            ShadowKey key = new ShadowKey(topic.thingName(), topic.shadowName());
            return switch (topic.operation()) {
                case UPDATE -> requests.update(key, message.payload()).published();
                case DELETE -> requests.delete(key, message.payload()).published();
                case GET -> List.of(ShadowRequests.reply(topic.accepted(),
                        requests.get(key, message.payload()).response()));
            };
        } catch (ShadowRejection e) {
            return rejected(topic, message, e.status(), e.getMessage());
        } catch (FleetlineException e) {
            return rejected(topic, message, status(e), e.getMessage());
        } catch (RuntimeException e) {
            FAILED.error("shadow request on {} failed", message.topic(), e);
            return rejected(topic, message, 500, "Internal service failure");
        }
    }

    /** Errors other services raise (a name the shadow rules refuse, a thing's lookup). */
    private static int status(FleetlineException e) {
        return switch (e.code()) {
            case INVALID_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case RESOURCE_NOT_FOUND -> 404;
            default -> 500;
        };
    }

    private List<Reply> rejected(ShadowTopic topic, DeviceMessage message, int status, String why) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", status).put("message", why)
                .put("timestamp", clock.instant().getEpochSecond());
        ShadowRequests.tokenOf(message.payload()).ifPresent(token -> error.put("clientToken", token));
        List<Reply> replies = new ArrayList<>();
        replies.add(ShadowRequests.reply(topic.rejected(), error));
        return replies;
    }
}

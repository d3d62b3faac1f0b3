package io.fleetline.api.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.protocol.Format;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceRequestsTest {
    /** A bus that keeps its handlers and what was published or answered. */
    private static final class RecordingBus implements MessageBus {
        final Map<String, DeviceMessageHandler> handlers = new LinkedHashMap<>();
        final List<String> published = new ArrayList<>();
        final List<String> answered = new ArrayList<>();

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            published.add(topic);
        }

        @Override
        public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
            answered.add(request.clientId() + " " + topic + " " + new String(payload, StandardCharsets.UTF_8)
                    + " qos" + qos);
        }

        @Override
        public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
            handlers.put(topicPrefix, handler);
        }

        void deliver(String clientId, String topic, String payload) {
            handlers.get(DeviceRequests.STREAMS_PREFIX).handle(new DeviceMessage(clientId, topic,
                    payload.getBytes(StandardCharsets.UTF_8), 0));
        }
    }

    private final RecordingBus bus = new RecordingBus();
    private final List<String> handled = new ArrayList<>();

    private DeviceRequests streams() {
        return new DeviceRequests(bus, Clock.systemUTC()).streams((thing, stream, operation, format, payload) -> {
            handled.add(String.join(" ", thing, stream, operation, format.name(),
                    new String(payload, StandardCharsets.UTF_8)));
            return new StreamsHandler.Answer(operation.equals("get") ? "data/" + format.topicLevel()
                    : "rejected/" + format.topicLevel(), "answer".getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void a_stream_request_reaches_its_handler_by_topic_levels_and_is_answered_to_the_requester_alone() {
        streams();
        bus.deliver("dev-1", "$aws/things/dev-1/streams/AFR_OTA-1/get/cbor", "request");
        bus.deliver("dev-1", "$aws/things/dev-1/streams/AFR_OTA-1/frobnicate/json", "");

        assertThat(handled).containsExactly("dev-1 AFR_OTA-1 get CBOR request", "dev-1 AFR_OTA-1 frobnicate JSON ");
        assertThat(bus.answered).containsExactly("dev-1 $aws/things/dev-1/streams/AFR_OTA-1/data/cbor answer qos1",
                "dev-1 $aws/things/dev-1/streams/AFR_OTA-1/rejected/json answer qos1");
        assertThat(bus.published).isEmpty();
    }

    @Test
    void a_stream_topic_of_another_shape_or_format_gets_no_answer() {
        streams();
        for (String topic : List.of("$aws/things/dev-1/streams/s-1/get/xml", "$aws/things/dev-1/streams/s-1/get",
                "$aws/things/dev-1/streams/s-1/get/json/more", "$aws/things/dev-1/streams//get/json",
                "$aws/things/dev-1/streams/s-1/get/JSON")) {
            bus.deliver("dev-1", topic, "{}");
        }
        assertThat(handled).isEmpty();
        assertThat(bus.answered).isEmpty();
    }

    @Test
    void a_stream_answer_names_the_end_of_a_topic() {
        assertThatThrownBy(() -> new StreamsHandler.Answer("", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamsHandler.Answer("data/+", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Format.ofTopicLevel("cbor")).contains(Format.CBOR);
    }

    @Test
    void the_jobs_and_streams_topics_of_a_thing_are_the_protocols_and_nothing_else_is() {
        assertThat(DeviceRequests.isProtocolTopic("$aws/things/dev-1/jobs/get")).isTrue();
        assertThat(DeviceRequests.isProtocolTopic("$aws/things/dev-1/jobs/notify-next")).isTrue();
        assertThat(DeviceRequests.isProtocolTopic("$aws/things/dev-1/streams/s-1/data/cbor")).isTrue();
        assertThat(DeviceRequests.isProtocolTopic("$aws/things/dev-1/shadow/update")).isFalse();
        assertThat(DeviceRequests.isProtocolTopic("$aws/things/jobs/x")).isFalse();
        assertThat(DeviceRequests.isProtocolTopic("$aws/things//jobs/get")).isFalse();
        assertThat(DeviceRequests.isProtocolTopic("things/dev-1/jobs/get")).isFalse();
    }
}

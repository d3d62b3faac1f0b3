package io.fleetline.api.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.ota.streams.StreamObjects;
import io.fleetline.ota.streams.StreamStore;
import io.fleetline.ota.streams.StreamTx;
import io.fleetline.ota.streams.Streams;
import io.fleetline.protocol.Format;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
            deliver(clientId, topic, payload, 0);
        }

        void deliver(String clientId, String topic, String payload, int qos) {
            handlers.get(DeviceRequests.STREAMS_PREFIX).handle(new DeviceMessage(clientId, topic,
                    payload.getBytes(StandardCharsets.UTF_8), qos));
        }
    }

    private final RecordingBus bus = new RecordingBus();

    @Test
    void every_answer_of_a_request_goes_to_its_requester_alone_in_order() {
        new DeviceRequests(bus, Clock.systemUTC()).register(DeviceRequests.STREAMS_PREFIX, message -> List.of(
                new DeviceProtocol.Reply(message.topic() + "/one", "1".getBytes(StandardCharsets.UTF_8)),
                new DeviceProtocol.Reply(message.topic() + "/two", "2".getBytes(StandardCharsets.UTF_8))));
        bus.deliver("dev-1", "$aws/things/dev-1/streams/AFR_OTA-1/get/cbor", "request", 1);
        bus.deliver("dev-1", "$aws/things/dev-1/streams/AFR_OTA-1/get/cbor", "request", 0);

        // at QoS 1 at most: the bus answers at the request's QoS or the client's own subscription's, not above
        assertThat(bus.answered).containsExactly(
                "dev-1 $aws/things/dev-1/streams/AFR_OTA-1/get/cbor/one 1 qos1",
                "dev-1 $aws/things/dev-1/streams/AFR_OTA-1/get/cbor/two 2 qos1",
                "dev-1 $aws/things/dev-1/streams/AFR_OTA-1/get/cbor/one 1 qos1",
                "dev-1 $aws/things/dev-1/streams/AFR_OTA-1/get/cbor/two 2 qos1");
        assertThat(bus.published).isEmpty();
    }

    @Test
    void streams_answers_go_at_most_once_as_the_ota_agent_takes_them() {
        Streams streams = Streams.create(new StreamStore() {
            @Override
            public <T> T transact(Function<StreamTx, T> work) {
                throw new UnsupportedOperationException("an invalid topic reads no stream");
            }
        }, StreamObjects.NONE, new AccountScope("us-east-1", "123456789012"), Clock.systemUTC());
        new DeviceRequests(bus, Clock.systemUTC()).streams(streams.delivery());

        // a request at QoS 1: its answers still at most once, whatever the device subscribed at
        bus.deliver("dev-1", "$aws/things/dev-1/streams/s-1/frobnicate/json", "{\"c\":\"t\"}", 1);

        assertThat(bus.answered).singleElement().asString()
                .startsWith("dev-1 $aws/things/dev-1/streams/s-1/rejected/json {\"o\":\"InvalidTopic\"")
                .endsWith(" qos0");
    }

    @Test
    void a_request_without_answers_gets_none() {
        new DeviceRequests(bus, Clock.systemUTC()).register(DeviceRequests.STREAMS_PREFIX, message -> List.of());
        bus.deliver("dev-1", "$aws/things/dev-1/streams/s-1/get", "{}");
        assertThat(bus.answered).isEmpty();
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

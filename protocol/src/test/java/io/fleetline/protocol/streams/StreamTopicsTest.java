package io.fleetline.protocol.streams;

import io.fleetline.protocol.Format;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamTopicsTest {
    @Test
    void parses_a_request_topic_into_its_levels() {
        StreamTopics.StreamTopic topic = StreamTopics.parse("$aws/things/dev-1/streams/AFR_OTA-abc/get/cbor")
                .orElseThrow();

        assertThat(topic.thingName()).isEqualTo("dev-1");
        assertThat(topic.streamId()).isEqualTo("AFR_OTA-abc");
        assertThat(topic.operation()).contains(StreamOperation.GET);
        assertThat(topic.format()).contains(Format.CBOR);
    }

    @Test
    void levels_that_name_no_operation_or_format_are_kept_for_the_rejection() {
        StreamTopics.StreamTopic topic = StreamTopics.parse("$aws/things/t/streams/s/data/xml").orElseThrow();

        assertThat(topic.operation()).isEmpty();
        assertThat(topic.format()).isEmpty();
        assertThat(topic.answerFormat()).isEqualTo(Format.JSON);
        assertThat(StreamTopics.parse("$aws/things/t/streams/s/get/CBOR").orElseThrow().format()).isEmpty();
    }

    @Test
    void topics_of_another_shape_are_not_parsed() {
        assertThat(StreamTopics.parse("$aws/things/t/streams/s/get")).isEmpty();
        assertThat(StreamTopics.parse("$aws/things/t/streams/s/get/json/x")).isEmpty();
        assertThat(StreamTopics.parse("$aws/things//streams/s/get/json")).isEmpty();
        assertThat(StreamTopics.parse("$aws/things/t/streams//get/json")).isEmpty();
        assertThat(StreamTopics.parse("$aws/things/t/jobs/s/get/json")).isEmpty();
        assertThat(StreamTopics.parse("things/t/streams/s/get/json")).isEmpty();
    }

    @Test
    void tells_streams_topics_from_the_other_topics_of_a_thing() {
        assertThat(StreamTopics.isStreamTopic("$aws/things/t/streams/s/get/json")).isTrue();
        assertThat(StreamTopics.isStreamTopic("$aws/things/t/streams/")).isTrue();
        assertThat(StreamTopics.isStreamTopic("$aws/things/t/jobs/get")).isFalse();
        assertThat(StreamTopics.isStreamTopic("$aws/things/streams/x")).isFalse();
        assertThat(StreamTopics.isStreamTopic("$aws/things//streams/x")).isFalse();
    }

    @Test
    void builds_the_request_and_answer_topics() {
        assertThat(StreamTopics.request("t", "s", StreamOperation.DESCRIBE, Format.JSON))
                .isEqualTo("$aws/things/t/streams/s/describe/json");
        assertThat(StreamTopics.answer("t", "s", StreamOperation.DESCRIBE, Format.JSON))
                .isEqualTo("$aws/things/t/streams/s/description/json");
        assertThat(StreamTopics.answer("t", "s", StreamOperation.GET, Format.CBOR))
                .isEqualTo("$aws/things/t/streams/s/data/cbor");
        assertThat(StreamTopics.rejected("t", "s", Format.CBOR)).isEqualTo("$aws/things/t/streams/s/rejected/cbor");
        assertThat(new StreamReply("$aws/things/t/streams/s/data/cbor", new byte[0]).suffix()).isEqualTo("data/cbor");
    }
}

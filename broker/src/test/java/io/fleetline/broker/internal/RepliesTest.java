package io.fleetline.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepliesTest {
    @Test
    void an_answers_filter_keeps_the_thing_and_service_and_stands_for_each_further_level() {
        assertThat(Replies.filterFor("$aws/things/dev-1/jobs/get/accepted")).isEqualTo("$aws/things/dev-1/jobs/+/+");
        assertThat(Replies.filterFor("$aws/things/dev-1/jobs/$next/get/rejected"))
                .isEqualTo("$aws/things/dev-1/jobs/+/+/+");
        assertThat(Replies.filterFor("$aws/things/dev-1/streams/AFR_OTA-1/data/cbor"))
                .isEqualTo("$aws/things/dev-1/streams/+/+/+");
    }

    @Test
    void no_broadcast_of_the_thing_nor_another_things_answer_matches_a_reply_filter() {
        List<String> filters = List.of(Replies.filterFor("$aws/things/dev-1/jobs/get/accepted"),
                Replies.filterFor("$aws/things/dev-1/jobs/j-1/update/accepted"));
        for (String broadcast : List.of("$aws/things/dev-1/jobs/notify", "$aws/things/dev-1/jobs/notify-next",
                "$aws/things/dev-2/jobs/get/accepted", "$aws/things/dev-1/shadow/update/accepted",
                "$aws/events/jobExecution/j-1/succeeded")) {
            assertThat(filters).as(broadcast).noneMatch(filter -> DollarTopics.matches(filter, broadcast));
        }
        assertThat(DollarTopics.matches(filters.get(1), "$aws/things/dev-1/jobs/j-2/get/rejected")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$aws/things/dev-1/jobs/notify", "$aws/things/dev-1/jobs", "$aws/things//jobs/get/x",
            "$aws/events/presence/connected/dev-1", "things/dev-1/jobs/get/accepted"})
    void refuses_a_topic_that_is_no_answer(String topic) {
        assertThatThrownBy(() -> Replies.filterFor(topic)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_reply_filter_is_told_from_a_clients_own_filters_by_its_shape() {
        assertThat(Replies.isReplyFilter(Replies.filterFor("$aws/things/dev-1/streams/s-1/data/cbor"))).isTrue();
        assertThat(Replies.isReplyFilter("$aws/things/dev-1/jobs/+/+")).isTrue();
        assertThat(Replies.isReplyFilter("$aws/things/dev-1/jobs/get/accepted")).isFalse();
        assertThat(Replies.isReplyFilter("$aws/things/dev-1/jobs/+/accepted")).isFalse();
        assertThat(Replies.isReplyFilter("$aws/things/dev-1/jobs/+")).isFalse();
        assertThat(Replies.isReplyFilter("$aws/things/+/jobs/#")).isFalse();
    }

    @Test
    void an_answer_goes_at_the_clients_own_subscriptions_qos_else_the_requests_never_above_the_protocols() {
        assertThat(Replies.qosOf(OwnSubscriptions.NONE, 0, 1)).isZero();
        assertThat(Replies.qosOf(OwnSubscriptions.NONE, 1, 1)).isEqualTo(1);
        assertThat(Replies.qosOf(1, 0, 1)).as("subscribed at 1, asked at 0").isEqualTo(1);
        assertThat(Replies.qosOf(0, 1, 1)).as("subscribed at 0, asked at 1").isZero();
        assertThat(Replies.qosOf(1, 1, 0)).as("streams: at most once").isZero();
        assertThat(Replies.qosOf(OwnSubscriptions.NONE, 1, 0)).isZero();
        assertThat(Replies.qosOf(OwnSubscriptions.NONE, 2, 2)).as("never above 1").isEqualTo(1);
    }
}

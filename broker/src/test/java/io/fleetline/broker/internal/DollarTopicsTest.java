package io.fleetline.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DollarTopicsTest {
    @Test
    void only_filters_starting_with_a_wildcard_are_checked_shared_ones_by_the_filter_they_share() {
        assertThat(DollarTopics.startsWithWildcard("#")).isTrue();
        assertThat(DollarTopics.startsWithWildcard("+/events/#")).isTrue();
        assertThat(DollarTopics.startsWithWildcard("$aws/events/#")).isFalse();
        assertThat(DollarTopics.startsWithWildcard("fleet/+")).isFalse();
        assertThat(DollarTopics.unshared("$share/monitors/#")).isEqualTo("#");
        assertThat(DollarTopics.unshared("$share/monitors/$aws/events/#")).isEqualTo("$aws/events/#");
        assertThat(DollarTopics.unshared("$aws/things/t/jobs/notify")).isEqualTo("$aws/things/t/jobs/notify");
    }

    @Test
    void a_topic_matches_as_the_broker_matches_it() {
        assertThat(DollarTopics.matches("$aws/events/presence/connected/+", "$aws/events/presence/connected/dev-1"))
                .isTrue();
        assertThat(DollarTopics.matches("$aws/events/presence/connected/+", "$aws/events/presence/connected/a/b"))
                .isFalse();
        assertThat(DollarTopics.matches("$aws/events/#", "$aws/events/subscriptions/subscribed/dev-1")).isTrue();
        assertThat(DollarTopics.matches("$aws/events/#", "$aws/events")).as("# takes in the parent level").isTrue();
        assertThat(DollarTopics.matches("$aws/things/+/jobs/notify", "$aws/things/t/jobs/notify-next")).isFalse();
        assertThat(DollarTopics.matches("$aws/things/t/jobs", "$aws/things/t/jobs/notify")).isFalse();
        assertThat(DollarTopics.matches("$aws/+/", "$aws/things/")).as("empty levels are levels").isTrue();
    }
}

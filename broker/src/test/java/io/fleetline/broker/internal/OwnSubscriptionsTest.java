package io.fleetline.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The QoS a client's answers go at: that of its own subscriptions matching them. */
class OwnSubscriptionsTest {
    private static final String DATA = "$aws/things/dev-1/streams/fw/data/cbor";
    private final OwnSubscriptions own = new OwnSubscriptions(true);

    @Test
    void without_a_matching_subscription_there_is_none() {
        own.subscribed("$aws/things/dev-1/streams/fw/description/cbor", 1);

        assertThat(own.qosFor(DATA)).isEqualTo(OwnSubscriptions.NONE);
    }

    @Test
    void the_highest_qos_of_the_matching_subscriptions_at_most_1() {
        own.subscribed(DATA, 0);
        assertThat(own.qosFor(DATA)).isZero();

        own.subscribed("$aws/things/dev-1/streams/+/data/#", 1);
        assertThat(own.qosFor(DATA)).isEqualTo(1);

        own.subscribed("$aws/things/dev-1/streams/#", 2);
        assertThat(own.qosFor(DATA)).isEqualTo(1);
    }

    @Test
    void an_unsubscribed_filter_no_longer_counts() {
        own.subscribed(DATA, 0);
        own.subscribed("$aws/things/dev-1/streams/fw/+/cbor", 1);
        assertThat(own.qosFor(DATA)).isEqualTo(1);

        own.unsubscribed(List.of("$aws/things/dev-1/streams/fw/+/cbor"));
        assertThat(own.qosFor(DATA)).isZero();

        own.unsubscribed(List.of(DATA));
        assertThat(own.qosFor(DATA)).isEqualTo(OwnSubscriptions.NONE);
    }

    @Test
    void filters_that_start_with_a_wildcard_and_shared_ones_do_not_deliver_answers() {
        own.subscribed("#", 1);
        own.subscribed("+/things/dev-1/streams/fw/data/cbor", 1);
        own.subscribed("$share/group/" + DATA, 1);

        assertThat(own.qosFor(DATA)).isEqualTo(OwnSubscriptions.NONE);
    }

    @Test
    void a_subscription_at_another_qos_replaces_the_earlier_one() {
        own.subscribed(DATA, 1);
        assertThat(own.qosFor(DATA)).isEqualTo(1);

        own.subscribed(DATA, 0);
        assertThat(own.qosFor(DATA)).isZero();
    }
}

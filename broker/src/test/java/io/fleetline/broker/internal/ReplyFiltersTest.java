package io.fleetline.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What is decided for an answer topic holds until the policies change. */
class ReplyFiltersTest {
    private static final String TOPIC = "$aws/things/dev-1/streams/fw/data/cbor";
    private final ReplyFilters filters = new ReplyFilters();

    @Test
    void a_decision_holds_at_the_generation_it_was_made_at_only() {
        assertThat(filters.decided(TOPIC, 3)).isEmpty();
        ReplyFilters.Answer answer = new ReplyFilters.Answer(TOPIC, Replies.filterFor(TOPIC), true, 3);

        assertThat(filters.decide(TOPIC, answer)).isSameAs(answer);

        assertThat(filters.decided(TOPIC, 3)).contains(answer);
        assertThat(filters.decided(TOPIC, 4)).isEmpty();
        assertThat(filters.decided("$aws/things/dev-1/streams/fw/rejected/cbor", 3)).isEmpty();
    }
}

package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.protocol.StrictJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reason a FAILED or REJECTED report carries: whole characters only, since the server refuses half of one. */
class LifeReasonTest {
    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void a_long_reason_cut_across_an_emoji_keeps_it_whole_or_leaves_it_out() {
        for (int before = 1018; before <= 1024; before++) {
            String reason = "x".repeat(before) + EMOJI + "y".repeat(100);

            String shown = Life.withReason(Map.of("step", "verifying"), reason).get("reason");

            assertThat(shown.length()).isLessThanOrEqualTo(1024);
            assertThat(StrictJson.isWellFormed(shown)).as("cut after %d characters", before).isTrue();
            assertThat(shown).startsWith("x".repeat(Math.min(before, 1024)));
        }
    }

    @Test
    void the_other_details_stay_and_a_blank_reason_is_unknown() {
        assertThat(Life.withReason(Map.of("step", "verifying"), " \n")).containsEntry("step", "verifying")
                .containsEntry("reason", "unknown");
    }
}

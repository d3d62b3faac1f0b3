package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.protocol.StrictJson;
import org.junit.jupiter.api.Test;

class DetailsTextTest {
    @Test
    void control_characters_become_spaces_as_status_details_allow_none() {
        assertThat(DetailsText.tail("line one\nline\ttwo\r\n\u0007")).isEqualTo("line one line two");
    }

    @Test
    void the_tail_is_the_last_1024_characters_and_never_half_a_character() {
        String text = "x".repeat(2000) + "\uD83D\uDE00" + "y".repeat(1023);

        assertThat(DetailsText.tail(text)).isEqualTo("y".repeat(1023));
        assertThat(DetailsText.tail("a".repeat(5000) + "end")).hasSize(1024).endsWith("aend");
    }

    @Test
    void the_head_is_the_first_1024_characters() {
        assertThat(DetailsText.head("start" + "b".repeat(5000))).hasSize(1024).startsWith("startb");
    }

    @Test
    void the_head_cut_through_an_emoji_leaves_the_whole_emoji_out() {
        String text = "a".repeat(1023) + "\uD83D\uDE00" + "b".repeat(10);

        String head = DetailsText.head(text);

        assertThat(head).isEqualTo("a".repeat(1023));
        assertThat(StrictJson.isWellFormed(head)).isTrue();
    }
}

package io.fleetline.agent.internal.deviceclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {
    @Test
    void keeps_the_last_bytes_of_any_amount_of_output() {
        OutputTail tail = new OutputTail(16);
        byte[] chunk = "0123456789".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100_000; i++) {
            tail.write(chunk, 0, chunk.length);
        }
        tail.write("the end".getBytes(StandardCharsets.UTF_8), 0, 7);

        assertThat(tail.text()).isEqualTo("123456789the end");
    }

    @Test
    void keeps_a_write_larger_than_itself_by_its_end() {
        OutputTail tail = new OutputTail(4);
        tail.write("abcdefgh".getBytes(StandardCharsets.UTF_8), 2, 5);

        assertThat(tail.text()).isEqualTo("defg");
    }

    @Test
    void keeps_everything_below_its_size() {
        OutputTail tail = new OutputTail(64);
        tail.write("héllo".getBytes(StandardCharsets.UTF_8), 0, 6);

        assertThat(tail.text()).isEqualTo("héllo");
    }
}

package io.fleetline.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemorySlotsTest {
    private final MemorySlots slots = new MemorySlots("1.0.0");

    private void write(String version) throws IOException {
        slots.writeInactive(version, new ByteArrayInputStream(new byte[100_000]));
    }

    @Test
    void boots_the_factory_version_confirmed_with_an_empty_inactive_slot() {
        slots.boot();

        assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        assertThat(slots.onTrial()).isFalse();
        assertThat(slots.inactiveVersion()).isEmpty();
    }

    @Test
    void a_tried_image_boots_once_on_trial_and_stays_once_confirmed() throws IOException {
        slots.boot();
        write("2.0.0");
        slots.tryInactive();
        assertThat(slots.runningVersion()).as("nothing changes before the reboot").isEqualTo("1.0.0");

        slots.boot();
        assertThat(slots.runningVersion()).isEqualTo("2.0.0");
        assertThat(slots.onTrial()).isTrue();
        assertThat(slots.inactiveVersion()).contains("1.0.0");

        slots.confirm();
        slots.boot();
        assertThat(slots.runningVersion()).isEqualTo("2.0.0");
        assertThat(slots.onTrial()).isFalse();
    }

    @Test
    void a_trial_never_confirmed_falls_back_at_the_next_boot_as_does_a_roll_back() throws IOException {
        slots.boot();
        write("2.0.0");
        slots.tryInactive();
        slots.boot();
        slots.boot();  // the trial image hung: the bootloader falls back
        assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        assertThat(slots.onTrial()).isFalse();

        slots.tryInactive();
        slots.boot();
        slots.rollBack();
        assertThat(slots.onTrial()).as("rolled back: no longer on trial, though still running it").isFalse();
        slots.boot();
        assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        assertThat(slots.inactiveVersion()).contains("2.0.0");
    }

    @Test
    void never_writes_the_confirmed_image_while_a_trial_runs() throws IOException {
        slots.boot();
        write("2.0.0");
        slots.tryInactive();
        slots.boot();

        assertThatThrownBy(() -> write("3.0.0")).isInstanceOf(IllegalStateException.class);
        assertThat(slots.inactiveVersion()).contains("1.0.0");
    }

    @Test
    void refuses_to_try_an_empty_slot_and_writing_the_inactive_slot_cancels_a_pending_trial() throws IOException {
        slots.boot();
        assertThatThrownBy(slots::tryInactive).isInstanceOf(IllegalStateException.class);

        write("2.0.0");
        slots.tryInactive();
        write("3.0.0");
        slots.boot();
        assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        assertThat(slots.inactiveVersion()).contains("3.0.0");
    }
}

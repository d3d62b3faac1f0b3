package io.fleetline.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.agent.BootSlots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A/B slots in a directory: opening is a boot, a trial boots once, the confirmed slot is never written. */
class DirectorySlotsTest {
    @TempDir
    Path dir;

    private BootSlots boot() throws IOException {
        return DirectorySlots.open(dir, "1.0.0");
    }

    private static InputStream image(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_new_directory_boots_the_factory_image_confirmed() throws IOException {
        BootSlots slots = boot();

        assertThat(slots.runningVersion()).isEqualTo("1.0.0");
        assertThat(slots.onTrial()).isFalse();
        assertThat(slots.inactiveVersion()).isEmpty();
    }

    @Test
    void a_switched_slot_boots_on_trial_once_and_stays_when_confirmed() throws IOException {
        BootSlots slots = boot();
        slots.writeInactive("2.0.0", image("two"));
        slots.tryInactive();
        assertThat(slots.runningVersion()).as("no boot yet").isEqualTo("1.0.0");

        BootSlots trial = boot();
        assertThat(trial.runningVersion()).isEqualTo("2.0.0");
        assertThat(trial.onTrial()).isTrue();
        trial.confirm();

        BootSlots after = boot();
        assertThat(after.runningVersion()).isEqualTo("2.0.0");
        assertThat(after.onTrial()).isFalse();
        assertThat(after.inactiveVersion()).contains("1.0.0");
        assertThat(Files.readString(dir.resolve("slot-b.img"))).isEqualTo("two");
    }

    @Test
    void a_trial_boot_never_confirmed_falls_back_at_the_next_boot() throws IOException {
        BootSlots slots = boot();
        slots.writeInactive("2.0.0", image("two"));
        slots.tryInactive();
        boot();  // the trial boots, and the device dies before confirming

        BootSlots fallback = boot();

        assertThat(fallback.runningVersion()).isEqualTo("1.0.0");
        assertThat(fallback.onTrial()).isFalse();
    }

    @Test
    void a_rollback_boots_the_previous_image_next() throws IOException {
        BootSlots slots = boot();
        slots.writeInactive("2.0.0", image("two"));
        slots.tryInactive();
        boot().rollBack();

        assertThat(boot().runningVersion()).isEqualTo("1.0.0");
    }

    @Test
    void the_confirmed_image_of_a_trial_boot_cannot_be_overwritten() throws IOException {
        BootSlots slots = boot();
        slots.writeInactive("2.0.0", image("two"));
        slots.tryInactive();
        BootSlots trial = boot();

        assertThatThrownBy(() -> trial.writeInactive("3.0.0", image("three"))).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(dir.resolve("slot-a.img"))).isEqualTo("factory image 1.0.0");
    }

    @Test
    void a_slot_write_cut_off_leaves_the_slot_empty_and_nothing_to_switch_to() throws IOException {
        BootSlots slots = boot();
        InputStream failing = new InputStream() {
            private int left = 10;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("power cut");
                }
                left--;
                return 'x';
            }
        };

        assertThatThrownBy(() -> slots.writeInactive("2.0.0", failing)).hasMessage("power cut");

        BootSlots after = boot();
        assertThat(after.inactiveVersion()).isEmpty();
        assertThat(after.runningVersion()).isEqualTo("1.0.0");
        assertThatThrownBy(after::tryInactive).isInstanceOf(IllegalStateException.class);
        assertThat(dir.resolve("slot-b.img")).doesNotExist();
    }

    @Test
    void a_pending_switch_is_undone_by_a_new_write_of_the_slot() throws IOException {
        BootSlots slots = boot();
        slots.writeInactive("2.0.0", image("two"));
        slots.tryInactive();
        slots.writeInactive("2.0.1", image("two, fixed"));

        BootSlots next = boot();
        assertThat(next.runningVersion()).isEqualTo("1.0.0");
        assertThat(next.inactiveVersion()).contains("2.0.1");
    }
}

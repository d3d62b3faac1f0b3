package io.fleetline.blobs.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContentPinsTest {
    private static final ContentId ID = ContentId.of("2e287b8194f5d29b8bb2fc21ea1271a62d5c1cb1439cd13855727219f02cb5b6");
    private final ContentPins pins = new ContentPins();
    private final AtomicInteger sweeps = new AtomicInteger();

    @Test
    void an_unpinned_content_is_swept_at_once() {
        assertThat(pins.unlessPinned(ID, this::sweep)).isTrue();
        assertThat(sweeps).hasValue(1);
    }

    @Test
    void a_sweep_asked_while_pinned_runs_once_when_the_last_pin_goes() {
        ContentPin writer = pins.pin(ID);
        ContentPin copier = pins.pin(ID);

        assertThat(pins.unlessPinned(ID, this::sweep)).isFalse();
        assertThat(pins.unlessPinned(ID, this::sweep)).isFalse();
        writer.close();
        assertThat(sweeps).as("another pin still holds it").hasValue(0);
        copier.close();
        copier.close();

        assertThat(sweeps).hasValue(1);
    }

    @Test
    void a_deferred_sweep_that_fails_is_dropped_without_failing_the_unpin() {
        ContentPin writer = pins.pin(ID);
        pins.unlessPinned(ID, () -> {
            throw new IllegalStateException("the database is gone");
        });

        writer.close();

        assertThat(pins.unlessPinned(ID, this::sweep)).isTrue();
        ContentPin again = pins.pin(ID);
        again.close();
        assertThat(sweeps).as("nothing deferred is left to run again").hasValue(1);
    }

    private boolean sweep() {
        sweeps.incrementAndGet();
        return true;
    }
}

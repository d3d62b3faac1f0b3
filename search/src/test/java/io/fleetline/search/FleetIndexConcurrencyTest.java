package io.fleetline.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Writers and searchers at once: each writer finds its own change at once, and searchers never fail. */
class FleetIndexConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int THINGS_EACH = 40;

    @Test
    void every_write_is_visible_to_the_next_search_while_others_write_and_search() throws Exception {
        try (FleetIndex index = FleetIndex.inMemory(); ExecutorService threads = Executors.newFixedThreadPool(6)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> searchers = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                searchers.add(threads.submit(() -> search(index, writing)));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> write(index, writer)));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            for (Future<?> searcher : searchers) {
                searcher.get();
            }
            assertThat(index.count("*")).isEqualTo(WRITERS * THINGS_EACH);
            assertThat(index.count("attributes.state:second")).isEqualTo(WRITERS * THINGS_EACH);
        }
    }

    private static void write(FleetIndex index, int writer) {
        for (int i = 0; i < THINGS_EACH; i++) {
            String name = "w" + writer + "-" + i;
            index.put(ThingDocument.builder(name, "id").attribute("state", "first").build());
            assertThat(index.count("thingName:" + name + " AND attributes.state:first")).isEqualTo(1);
            index.put(ThingDocument.builder(name, "id").attribute("state", "second").build());
            assertThat(index.count("thingName:" + name + " AND attributes.state:first")).isZero();
        }
    }

    private static void search(FleetIndex index, AtomicBoolean writing) {
        while (writing.get()) {
            Page<ThingDocument> page = index.search("attributes.state:*", new PageRequest(50, Optional.empty()));
            assertThat(page.items()).isSortedAccordingTo(Comparator.comparing(ThingDocument::thingName));
        }
    }
}

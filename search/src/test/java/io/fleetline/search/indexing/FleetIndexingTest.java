package io.fleetline.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.search.Connectivity;
import io.fleetline.search.ThingDocument;
import io.fleetline.search.indexing.IndexingConfiguration.ConnectivityMode;
import io.fleetline.search.indexing.IndexingConfiguration.ThingIndexingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetIndexingTest {
    private static final IndexingConfiguration REGISTRY = new IndexingConfiguration(ThingIndexingMode.REGISTRY,
            ConnectivityMode.OFF, false, List.of(), List.of(), false, List.of());
    private static final IndexingConfiguration WITH_CONNECTIVITY = new IndexingConfiguration(
            ThingIndexingMode.REGISTRY, ConnectivityMode.STATUS, false, List.of(), List.of(), false, List.of());
    private static final PageRequest PAGE = new PageRequest(100, Optional.empty());

    @TempDir
    Path dir;
    final Things things = new Things();
    final SavedConfiguration saved = new SavedConfiguration();
    FleetIndexing indexing;

    /** The database as the index reads it: things by name, each connected since 1000 when asked for. */
    static final class Things implements ThingSource {
        final Map<String, String> floors = new TreeMap<>();
        /** A database that fails to answer for this thing. */
        String unreadable = "";
        /** Runs in a build between reading a thing and handing it over. */
        volatile Consumer<String> beforeHandingOver = name -> { };

        @Override
        public Optional<ThingDocument> read(String thingName, IndexingConfiguration configuration) {
            if (thingName.equals(unreadable)) {
                throw new IllegalStateException("the database went away");
            }
            return Optional.ofNullable(floors.get(thingName)).map(floor -> document(thingName, floor, configuration));
        }

        @Override
        public void readAll(IndexingConfiguration configuration, Consumer<ThingDocument> sink) {
            new TreeMap<>(floors).forEach((name, floor) -> {
                ThingDocument read = document(name, floor, configuration);
                beforeHandingOver.accept(name);
                sink.accept(read);
            });
        }

        private static ThingDocument document(String name, String floor, IndexingConfiguration configuration) {
            ThingDocument.Builder document = ThingDocument.builder(name, "id-" + name).attribute("floor", floor);
            if (configuration.connectivityIndexing()) {
                document.connectivity(Connectivity.connected(1000));
            }
            return document.build();
        }
    }

    static final class SavedConfiguration implements IndexingConfigurationStore {
        Optional<IndexingConfiguration> saved = Optional.empty();

        @Override
        public Optional<IndexingConfiguration> load() {
            return saved;
        }

        @Override
        public void save(IndexingConfiguration configuration) {
            saved = Optional.of(configuration);
        }
    }

    @AfterEach
    void close() {
        if (indexing != null) {
            indexing.close();
        }
    }

    private FleetIndexing open(Path place) {
        return FleetIndexing.open(saved, things, IndexPlace.directory(place));
    }

    private List<String> search(FleetIndexing on, String query) {
        return on.search(FleetIndexing.INDEX_NAME, query, PAGE).items().stream().map(ThingDocument::thingName)
                .toList();
    }

    @Test
    void there_is_no_index_until_indexing_is_turned_on_and_none_after_it_is_turned_off() {
        things.floors.put("a", "1");
        indexing = open(dir.resolve("index"));
        assertThat(indexing.indices()).isEmpty();
        assertThatThrownBy(() -> search(indexing, "*")).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));

        indexing.configure(REGISTRY);
        assertThat(indexing.indices()).containsExactly(FleetIndexing.INDEX_NAME);
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("a");

        indexing.configure(IndexingConfiguration.OFF);
        assertThat(dir.resolve("index")).doesNotExist();
        assertThatThrownBy(() -> search(indexing, "*")).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }

    @Test
    void a_changed_or_deleted_thing_is_seen_by_the_next_search() {
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        things.floors.put("a", "1");
        indexing.thingChanged("a");
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("a");
        things.floors.remove("a");
        indexing.thingChanged("a");
        assertThat(search(indexing, "*")).isEmpty();
    }

    @Test
    void indexing_connectivity_rebuilds_the_index_with_it() {
        things.floors.put("a", "1");
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        assertThat(search(indexing, "connectivity.connected:true")).isEmpty();
        indexing.configure(WITH_CONNECTIVITY);
        assertThat(search(indexing, "connectivity.connected:true")).containsExactly("a");
        assertThat(indexing.configuration().schema()).isEqualTo("REGISTRY_AND_CONNECTIVITY_STATUS");
    }

    @Test
    void an_index_closed_cleanly_is_reopened_as_it_was_and_one_left_by_a_crash_is_rebuilt() throws IOException {
        things.floors.put("a", "1");
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        indexing.close();
        // changed behind the index's back: a reopened clean index does not read the source again
        things.floors.put("b", "1");
        indexing = open(dir.resolve("index"));
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("a");

        // the files as a crash leaves them: committed at start, never closed
        Path crashed = dir.resolve("crashed");
        copy(dir.resolve("index"), crashed);
        indexing.close();
        indexing = open(crashed);
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("a", "b");
    }

    @Test
    void an_index_that_missed_a_change_is_rebuilt_at_the_next_start_though_closed_cleanly() {
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        things.floors.put("a", "1");
        things.unreadable = "a";
        indexing.thingChanged("a");
        assertThat(search(indexing, "*")).isEmpty();
        indexing.close();

        things.unreadable = "";
        indexing = open(dir.resolve("index"));
        assertThat(search(indexing, "*")).containsExactly("a");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void refused_queries_and_aggregations_carry_the_apis_error_codes() {
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        assertThatThrownBy(() -> search(indexing, "attributes.floor:(1 OR")).isInstanceOfSatisfying(
                FleetlineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
                    assertThat(e.getMessage()).contains("position");
                });
        assertThatThrownBy(() -> indexing.cardinality(FleetIndexing.INDEX_NAME, "*", "nosuch"))
                .isInstanceOfSatisfying(FleetlineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AGGREGATION));
        assertThatThrownBy(() -> indexing.status("AWS_ThingGroups")).isInstanceOfSatisfying(
                FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }

    @Test
    void connectivity_or_named_shadows_without_thing_indexing_are_refused() {
        assertThatThrownBy(() -> new IndexingConfiguration(ThingIndexingMode.OFF, ConnectivityMode.STATUS, false,
                List.of(), List.of(), false, List.of())).isInstanceOfSatisfying(FleetlineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void what_follows_the_index_is_told_each_change_after_it_is_searchable_and_each_rebuild() {
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        List<String> told = new java.util.ArrayList<>();
        indexing.listen(new FleetIndexing.Listener() {
            @Override
            public void fed(String thingName) {
                told.add(thingName + ":" + indexing.matches("attributes.floor:1", thingName));
            }

            @Override
            public void rebuilt() {
                told.add("rebuilt");
            }
        });
        things.floors.put("a", "1");
        indexing.thingChanged("a");
        things.floors.put("a", "2");
        indexing.thingChanged("a");
        indexing.configure(WITH_CONNECTIVITY);
        indexing.configure(WITH_CONNECTIVITY);
        assertThat(told).as("the listener sees the change it is told of").containsExactly("a:true", "a:false", "rebuilt");
    }

    @Test
    void matches_and_for_each_match_answer_from_the_index_as_it_is_now() {
        for (int i = 0; i < 2500; i++) {
            things.floors.put(String.format("t%04d", i), String.valueOf(i % 2));
        }
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        List<String> odd = new java.util.ArrayList<>();
        indexing.forEachMatch("attributes.floor:1", odd::add);
        assertThat(odd).as("every page of matches, in name order").hasSize(1250).startsWith("t0001", "t0003")
                .endsWith("t2499").doesNotHaveDuplicates();
        assertThat(indexing.matches("attributes.floor:1", "t0001")).isTrue();
        assertThat(indexing.matches("attributes.floor:1", "t0002")).isFalse();
        assertThat(indexing.matches("attributes.floor:1", "nosuch")).isFalse();
        assertThatThrownBy(() -> indexing.check(FleetIndexing.INDEX_NAME, "attributes.floor:(")).isInstanceOfSatisfying(
                FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY));
        assertThatThrownBy(() -> indexing.check("Other", "*")).isInstanceOfSatisfying(
                FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    }

    @Test
    void indexing_is_not_turned_off_while_something_needs_it() {
        things.floors.put("a", "1");
        indexing = open(dir.resolve("index"));
        indexing.configure(REGISTRY);
        boolean[] needed = {true};
        indexing.keepOnWhile(() -> needed[0]);
        assertThatThrownBy(() -> indexing.configure(IndexingConfiguration.OFF)).isInstanceOfSatisfying(
                FleetlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThat(saved.saved).contains(REGISTRY);
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("a");
        needed[0] = false;
        indexing.configure(IndexingConfiguration.OFF);
        assertThat(indexing.indices()).isEmpty();
    }

    /** Holds a build between reading {@code thing} and handing it over, until {@code release} opens. */
    private void holdBuildAt(String thing, CountDownLatch holding, CountDownLatch release) {
        things.beforeHandingOver = name -> {
            if (name.equals(thing)) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private void awaitActive(FleetIndexing on) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (on.status(FleetIndexing.INDEX_NAME) != FleetIndexing.Status.ACTIVE && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(on.status(FleetIndexing.INDEX_NAME)).isEqualTo(FleetIndexing.Status.ACTIVE);
    }

    @Test
    void a_build_runs_in_the_background_and_a_thing_changed_meanwhile_ends_as_the_source_has_it() throws Exception {
        things.floors.put("a", "1");
        things.floors.put("b", "1");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdBuildAt("a", holding, release);
        indexing = FleetIndexing.open(saved, things, IndexPlace.directory(dir.resolve("index")), Duration.ZERO);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        indexing.listen(new FleetIndexing.Listener() {
            @Override
            public void fed(String thingName) {
                told.add(thingName);
            }

            @Override
            public void rebuilt() {
                told.add("rebuilt");
            }
        });
        indexing.configure(REGISTRY);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(indexing.status(FleetIndexing.INDEX_NAME)).as("answered while building")
                .isEqualTo(FleetIndexing.Status.BUILDING);
        assertThatThrownBy(() -> search(indexing, "*")).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INDEX_NOT_READY));

        // changed after the build read it, fed at once (a registry change does not wait for the build)
        things.floors.put("a", "2");
        indexing.thingChanged("a");
        release.countDown();
        awaitActive(indexing);
        assertThat(search(indexing, "attributes.floor:2")).as("not the build's older read").containsExactly("a");
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("b");
        assertThat(told).containsExactly("a", "rebuilt");
    }

    @Test
    void an_index_closed_while_being_built_is_built_again_at_the_next_start() throws Exception {
        things.floors.put("a", "1");
        things.floors.put("b", "1");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holdBuildAt("b", holding, release);
        FleetIndexing first = FleetIndexing.open(saved, things, IndexPlace.directory(dir.resolve("index")),
                Duration.ZERO);
        first.configure(REGISTRY);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closing = Thread.ofPlatform().start(first::close);
        release.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(closing.isAlive()).as("close waits for the build to stop, not to finish").isFalse();

        things.beforeHandingOver = name -> { };
        indexing = open(dir.resolve("index"));
        assertThat(search(indexing, "attributes.floor:1")).containsExactly("a", "b");
    }
}

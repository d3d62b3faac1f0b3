package io.fleetline.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.page.PageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on disk: what survives a restart, and what makes the feeder rebuild it. */
class FleetIndexDirectoryTest {
    @TempDir
    Path directory;

    private static ThingDocument thing(String name) {
        return ThingDocument.builder(name, "id-" + name).thingTypeName("sensor").attribute("floor", "1").build();
    }

    @Test
    void a_new_index_has_no_checkpoint_so_the_feeder_builds_it() {
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).isEmpty();
            assertThat(index.count("*")).isZero();
        }
    }

    @Test
    void reopens_with_its_things_and_the_checkpoint_of_its_last_commit() {
        try (FleetIndex index = FleetIndex.open(directory)) {
            index.put(thing("a"));
            index.put(thing("b"));
            index.commit("feed-42");
            index.delete("b");
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).contains("feed-42");
            assertThat(index.search("attributes.floor:1", PageRequest.of(10, null, 10))
                    .items()).containsExactly(thing("a"));
        }
    }

    @Test
    void a_rebuild_replaces_every_thing_and_commits_its_checkpoint() {
        try (FleetIndex index = FleetIndex.open(directory)) {
            index.put(thing("old-1"));
            index.put(thing("old-2"));
            index.commit("feed-1");
            index.rebuild(List.of(thing("a"), thing("b"), thing("c")), "feed-9");
            assertThat(index.count("*")).isEqualTo(3);
            assertThat(index.count("thingName:old*")).isZero();
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).contains("feed-9");
            assertThat(index.count("thingTypeName:sensor")).isEqualTo(3);
        }
    }

    @Test
    void a_rebuild_that_fails_leaves_no_checkpoint_so_the_next_start_rebuilds() {
        Iterable<ThingDocument> failing = () -> List.of(thing("a"), thing("b")).stream()
                .map(thing -> {
                    if (thing.thingName().equals("b")) {
                        throw new IllegalStateException("the database went away");
                    }
                    return thing;
                }).iterator();
        try (FleetIndex index = FleetIndex.open(directory)) {
            index.put(thing("old"));
            index.commit("feed-1");
            assertThatThrownBy(() -> index.rebuild(failing, "feed-2")).hasMessage("the database went away");
            assertThat(index.checkpoint()).isEmpty();
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).isEmpty();
        }
    }

    @Test
    void an_index_of_another_layout_opens_empty_without_a_checkpoint() throws IOException {
        try (FSDirectory lucene = FSDirectory.open(directory);
                IndexWriter unsorted = new IndexWriter(lucene, new IndexWriterConfig())) {
            unsorted.addDocument(ThingFields.toLucene(thing("a")));
            unsorted.setLiveCommitData(Map.of("fleetline.layout", FleetIndex.LAYOUT,
                    "fleetline.checkpoint", "feed-1").entrySet());
            unsorted.commit();
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).isEmpty();
            assertThat(index.count("*")).isZero();
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            index.put(thing("b"));
            index.commit("feed-2");
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).contains("feed-2");
            assertThat(index.count("*")).isEqualTo(1);
        }
    }

    @Test
    void a_change_is_visible_to_the_next_search_without_a_commit() {
        try (FleetIndex index = FleetIndex.open(directory)) {
            index.put(thing("a"));
            assertThat(index.count("thingName:a")).isEqualTo(1);
            index.put(ThingDocument.builder("a", "id-a").build());
            assertThat(index.count("attributes.floor:1")).isZero();
        }
    }

    @Test
    void an_unreadable_index_opens_empty_without_a_checkpoint() throws IOException {
        try (FleetIndex index = FleetIndex.open(directory)) {
            index.put(thing("a"));
            index.commit("feed-1");
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        try (FleetIndex index = FleetIndex.open(directory)) {
            assertThat(index.checkpoint()).isEmpty();
            assertThat(index.count("*")).isZero();
            index.put(thing("b"));
            assertThat(index.count("*")).isEqualTo(1);
        }
    }
}

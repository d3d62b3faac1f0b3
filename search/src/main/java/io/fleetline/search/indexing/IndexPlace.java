package io.fleetline.search.indexing;

import io.fleetline.search.FleetIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Where an account's index lives: a directory of its own (kept across restarts), or memory. */
public final class IndexPlace {
    private final Optional<Path> directory;

    private IndexPlace(Optional<Path> directory) {
        this.directory = directory;
    }

    /** The index in {@code directory}, which holds nothing else: dropping the index removes it. */
    public static IndexPlace directory(Path directory) {
        return new IndexPlace(Optional.of(directory));
    }

    /** An index in memory, rebuilt at every start. */
    public static IndexPlace memory() {
        return new IndexPlace(Optional.empty());
    }

    FleetIndex open() {
        return directory.map(FleetIndex::open).orElseGet(FleetIndex::inMemory);
    }

    /** Removes the index's files, when it has any. */
    void delete() {
        if (directory.isEmpty() || !Files.exists(directory.get())) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory.get())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the fleet index in " + directory.get(), e);
        }
    }
}

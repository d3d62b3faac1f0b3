package io.fleetline.server.config;

import io.fleetline.storage.Dialect;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server keeps its state.
 *
 * @param dataDir the data directory: the embedded database, credentials, the CA, broker sessions, endpoint.json
 *                ({@code --data-dir})
 * @param dbUrl   a JDBC URL of SQLite or PostgreSQL ({@code --db-url}); empty keeps SQLite in the data directory
 */
public record StorageSettings(Path dataDir, Optional<String> dbUrl) {
    public static final Path DEFAULT_DATA_DIR = Path.of("./data");

    public StorageSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        // refused here rather than by the first connection, which fails after the data dir and CA were made
        dbUrl.ifPresent(url -> Bounds.named("--db-url", () -> Dialect.of(url)));
    }

    /** The embedded database in {@code dataDir}. */
    public static StorageSettings defaults(Path dataDir) {
        return new StorageSettings(dataDir, Optional.empty());
    }

    public String jdbcUrl() {
        return dbUrl.orElseGet(() -> "jdbc:sqlite:" + dataDir.resolve("fleetline.db").toAbsolutePath());
    }

    public StorageSettings withDataDir(Path dir) {
        return new StorageSettings(dir, dbUrl);
    }

    public StorageSettings withDbUrl(String url) {
        return new StorageSettings(dataDir, Optional.of(url));
    }
}

package io.fleetline.storage.search;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class SqliteIndexingConfigurationTest extends IndexingConfigurationContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}

package io.fleetline.storage.streams;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class SqliteStreamTest extends StreamContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}

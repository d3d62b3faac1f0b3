package io.fleetline.storage.blobs;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class SqliteEmbeddedBlobStoreTest extends EmbeddedBlobStoreContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}

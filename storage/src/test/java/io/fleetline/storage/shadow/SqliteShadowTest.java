package io.fleetline.storage.shadow;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class SqliteShadowTest extends ShadowContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}

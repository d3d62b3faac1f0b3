package io.fleetline.storage.ota;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class SqliteOtaUpdateStoreTest extends OtaUpdateStoreContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}

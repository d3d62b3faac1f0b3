package io.fleetline.storage.registry;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBillingGroupTest extends BillingGroupContract {
    @TempDir
    Path dir;

    @Override
    String newDatabaseUrl() {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}

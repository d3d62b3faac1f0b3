package io.fleetline.storage.jobs;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteManagedTemplateJobTest extends ManagedTemplateJobContract {
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

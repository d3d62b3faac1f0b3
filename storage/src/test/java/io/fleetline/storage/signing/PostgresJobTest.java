package io.fleetline.storage.signing;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresJobTest extends JobContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
